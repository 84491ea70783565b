package syna.bench.store;

import java.nio.file.Path;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import syna.api.Durability;

/**
 * RocksDB with default options (LSM, WAL on, default block cache and compression); durability maps
 * to {@link WriteOptions#setSync(boolean)}. Thread-safe: RocksDB handles are, sessions are stateless.
 */
final class RocksStore implements KvStore {
    private static final byte[] ABSENT = new byte[0];

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private boolean closed;

    private RocksStore(Options options, WriteOptions writeOptions, RocksDB db) {
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    static RocksStore open(Path dir, Durability durability) {
        RocksDB.loadLibrary();
        Options options = new Options().setCreateIfMissing(true);
        WriteOptions writeOptions = new WriteOptions().setSync(durability != Durability.NONE);
        try {
            return new RocksStore(options, writeOptions, RocksDB.open(options, dir.toString()));
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            throw new EngineException("rocksdb", "open " + dir, e);
        }
    }

    @Override
    public KvSession session() {
        return new KvSession() {
            @Override
            public void put(BenchKey key, byte[] value) {
                try {
                    db.put(writeOptions, key.bytes(), value);
                } catch (RocksDBException e) {
                    throw new EngineException("rocksdb", "put " + key.text(), e);
                }
            }

            @Override
            public byte[] get(BenchKey key) {
                try {
                    byte[] value = db.get(key.bytes());
                    return value == null ? ABSENT : value;
                } catch (RocksDBException e) {
                    throw new EngineException("rocksdb", "get " + key.text(), e);
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void settle() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
            db.syncWal();
        } catch (RocksDBException e) {
            throw new EngineException("rocksdb", "flush", e);
        }
    }

    @Override
    public void compact() {
        try {
            db.compactRange();
        } catch (RocksDBException e) {
            throw new EngineException("rocksdb", "compactRange", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
        writeOptions.close();
        options.close();
    }
}
