package syna.bench.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;
import syna.api.Durability;

/**
 * LMDB through lmdbjava's {@code byte[]} proxy: one write transaction per put (LMDB serialises
 * writers), and per-session read transactions recycled with {@code reset()}/{@code renew()} as
 * LMDB recommends. {@code MDB_NOTLS} lets a thread hold its read slot across writes. Durability:
 * {@code NONE} opens with {@code MDB_NOSYNC}; {@code ALWAYS} and {@code GROUP} sync each commit.
 * Thread-safe; sessions are not.
 */
final class LmdbStore implements KvStore {
    private static final byte[] ABSENT = new byte[0];
    // Address space only (the file grows as pages are written); room for the 64 KB workload.
    private static final long MAP_SIZE = 64L << 30;

    private final Env<byte[]> env;
    private final Dbi<byte[]> dbi;
    private final List<KvSession> sessions = new ArrayList<>();
    private boolean closed;

    private LmdbStore(Env<byte[]> env, Dbi<byte[]> dbi) {
        this.env = env;
        this.dbi = dbi;
    }

    static LmdbStore open(Path dir, Durability durability) {
        EnvFlags[] flags = durability == Durability.NONE
                ? new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC}
                : new EnvFlags[] {EnvFlags.MDB_NOTLS};
        Env<byte[]> env;
        try {
            env = Env.create(ByteArrayProxy.PROXY_BA)
                    .setMapSize(MAP_SIZE)
                    .setMaxDbs(1)
                    .setMaxReaders(126)
                    .open(dir.toFile(), flags);
        } catch (LmdbException e) {
            throw new EngineException("lmdb", "open " + dir, e);
        }
        try {
            return new LmdbStore(env, env.openDbi("bench", DbiFlags.MDB_CREATE));
        } catch (LmdbException e) {
            env.close();
            throw new EngineException("lmdb", "open database in " + dir, e);
        }
    }

    @Override
    public synchronized KvSession session() {
        KvSession session = new Session();
        sessions.add(session);
        return session;
    }

    @Override
    public void settle() {
        env.sync(true);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions.forEach(KvSession::close);
        dbi.close();
        env.close();
    }

    /** A thread's read transaction, kept reset between reads. Not thread-safe; one per thread. */
    private final class Session implements KvSession {
        private Txn<byte[]> reader;
        private boolean closed;

        @Override
        public void put(BenchKey key, byte[] value) {
            try (Txn<byte[]> txn = env.txnWrite()) {
                dbi.put(txn, key.bytes(), value);
                txn.commit();
            } catch (LmdbException e) {
                throw new EngineException("lmdb", "put " + key.text(), e);
            }
        }

        @Override
        public byte[] get(BenchKey key) {
            try {
                if (reader == null) {
                    reader = env.txnRead();
                } else {
                    reader.renew();
                }
                byte[] value = dbi.get(reader, key.bytes());
                reader.reset();
                return value == null ? ABSENT : value;
            } catch (LmdbException e) {
                throw new EngineException("lmdb", "get " + key.text(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (reader != null) {
                reader.close();
            }
        }
    }
}
