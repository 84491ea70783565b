package syna.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.KeySpace;
import syna.api.SynaException;

/**
 * Everything a reader can see of a log database, as one comparable map: namespaces, key lists and
 * sizes, each key's latest value and whole history with times (deleted keys included), a time-range
 * projection, and the counters of {@code stats()}. Two databases that dump equal serve the same reads.
 */
final class StateDump {
    private StateDump() {}

    static Map<String, Object> of(LogDatabase db) {
        Map<String, Object> m = new TreeMap<>();
        m.put("namespaces", db.namespaces());
        var s = db.stats();
        m.put("stats", List.of(s.liveKeys(), s.totalKeys(), s.entries(), s.namespaces(), s.namespaceLiveKeys(),
                s.formatVersion(), s.fileCodecs()));
        Spaces spaces = db.generation().spaces();
        space(m, "", db, spaces.user);
        for (String ns : db.namespaces()) {
            space(m, ns + ":", db.namespace(ns), spaces.named(ns));
        }
        return m;
    }

    private static void space(Map<String, Object> m, String prefix, KeySpace ks, Space space) {
        m.put(prefix + "#keys", ks.keys());
        m.put(prefix + "#size", ks.size());
        m.put(prefix + "#counts", List.of(space.liveKeys(), space.entries()));
        List<String> all = space.index.keys();
        all.sort(null);
        for (String k : all) {
            if (space.index.view(k).count() == 0) {
                continue; // created by a write that failed: in no log
            }
            List<Object> d = new ArrayList<>();
            d.add(ks.get(k));
            List<HistoryEntry> h = ks.history(k);
            d.add(h);
            if (h.size() >= 3) {
                HistoryQuery q = HistoryQuery.between(h.get(1).timestampMicros(), h.getLast().timestampMicros());
                d.add(ks.history(k, q));
                try {
                    d.add(java.util.Arrays.toString(ks.historyAsDoubles(k, q)));
                    d.add(java.util.Arrays.toString(ks.historyTimestamps(k, HistoryQuery.last(2))));
                } catch (SynaException e) {
                    d.add(e.getClass().getSimpleName());
                }
            }
            m.put(prefix + k, d);
        }
    }
}
