package syna.bench.store;

import java.nio.file.Path;
import syna.api.Database;
import syna.api.Durability;
import syna.api.KeyNotFoundException;
import syna.api.ProviderNotFoundException;
import syna.api.Syna;

/** Syna through the public {@link Database} API. Thread-safe; sessions are stateless. */
final class SynaStore implements KvStore {
    private static final byte[] ABSENT = new byte[0];

    private final Database db;

    private SynaStore(Database db) {
        this.db = db;
    }

    static SynaStore open(Path dir, Durability durability) {
        try {
            return new SynaStore(Syna.builder(dir).durability(durability).open());
        } catch (ProviderNotFoundException e) {
            throw new EngineUnavailableException("syna: no storage engine on the class path (" + e.getMessage()
                    + "); build with -am so syna-storage is shaded in", e);
        }
    }

    @Override
    public KvSession session() {
        return new KvSession() {
            @Override
            public void put(BenchKey key, byte[] value) {
                db.putBytes(key.text(), value);
            }

            @Override
            public byte[] get(BenchKey key) {
                try {
                    return db.getBytes(key.text());
                } catch (KeyNotFoundException absent) {
                    return ABSENT;
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void settle() {
        db.sync();
    }

    @Override
    public void compact() {
        db.compact(syna.api.HistoryRetention.lastN(1));
    }

    @Override
    public void close() {
        db.close();
    }
}
