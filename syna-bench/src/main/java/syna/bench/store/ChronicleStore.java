package syna.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import syna.api.Durability;

/**
 * Chronicle Map, persisted to one memory-mapped file, sized as its documentation asks (entries and
 * average key and value sizes up front, from {@link StoreSizing}). Not durable: a put is a store into
 * the mapped file and nothing is synced, so it runs only the {@code NONE} workloads. Thread-safe:
 * Chronicle Map locks per segment, sessions are stateless.
 */
final class ChronicleStore implements KvStore {
    private static final byte[] ABSENT = new byte[0];

    private final ChronicleMap<byte[], byte[]> map;
    private boolean closed;

    private ChronicleStore(ChronicleMap<byte[], byte[]> map) {
        this.map = map;
    }

    static ChronicleStore open(Path dir, Durability durability, StoreSizing sizing) {
        if (durability != Durability.NONE) {
            throw new IllegalArgumentException("chronicle-map has no durable mode");
        }
        try {
            return new ChronicleStore(ChronicleMap.of(byte[].class, byte[].class)
                    .name("syna-bench")
                    .entries(Math.max(1_000, sizing.entries()))
                    .averageKeySize(sizing.keyBytes())
                    .averageValueSize(Math.max(8, sizing.valueBytes()))
                    .maxBloatFactor(4) // warm-up keys and updates beyond the hint still fit
                    .createPersistedTo(dir.resolve("chronicle.map").toFile()));
        } catch (IOException e) {
            throw new EngineException("chronicle-map", "create in " + dir, e);
        }
    }

    @Override
    public KvSession session() {
        return new KvSession() {
            @Override
            public void put(BenchKey key, byte[] value) {
                map.put(key.bytes(), value);
            }

            @Override
            public byte[] get(BenchKey key) {
                byte[] v = map.get(key.bytes());
                return v == null ? ABSENT : v;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void settle() {
        // Nothing to flush: the map is the mapped file; the OS writes it back on its own.
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            map.close();
        }
    }
}
