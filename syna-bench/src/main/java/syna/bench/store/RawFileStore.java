package syna.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import syna.api.Durability;

/**
 * The raw floor: each put appends {@code keyLength:int | valueLength:int | crc32c:int | key | value}
 * to one {@link FileChannel} (one {@code write} call) and remembers the value's offset in a
 * {@link ConcurrentHashMap}; a get is one positional read. {@code ALWAYS} adds
 * {@code force(false)} (fdatasync) per record. No history index: what any log engine must at least
 * pay. Reopening is the naive log's recovery: one sequential scan that checks every record's CRC
 * and rebuilds the hash index (a torn last record is cut off). Thread-safe; sessions are not.
 */
final class RawFileStore implements KvStore {
    private static final int HEADER = 12;

    private final FileChannel channel;
    private final boolean force;
    private final ConcurrentHashMap<String, Long> index = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();
    private long end;
    private boolean closed;

    private RawFileStore(FileChannel channel, boolean force) {
        this.channel = channel;
        this.force = force;
    }

    static RawFileStore open(Path dir, Durability durability) {
        if (durability == Durability.GROUP) {
            throw new IllegalArgumentException("raw-file has no group commit");
        }
        Path file = dir.resolve("raw.log");
        try {
            RawFileStore store = new RawFileStore(
                    FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    durability == Durability.ALWAYS);
            store.recover();
            return store;
        } catch (IOException e) {
            throw new EngineException("raw-file", "open " + file, e);
        }
    }

    /** Scans the records from the start, indexing each key's last value; stops at the first bad or torn one. */
    private void recover() throws IOException {
        long size = channel.size();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        long at = 0;
        buf.limit(0);
        while (at + HEADER <= size) {
            if (buf.remaining() < HEADER) {
                refill(buf, at);
            }
            int keyLength = buf.getInt(buf.position());
            int valueLength = buf.getInt(buf.position() + 4);
            int stored = buf.getInt(buf.position() + 8);
            long recordSize = (long) HEADER + keyLength + valueLength;
            if (keyLength < 0 || valueLength < 0 || recordSize > buf.capacity() || at + recordSize > size) {
                break;
            }
            if (buf.remaining() < recordSize) {
                refill(buf, at);
            }
            ByteBuffer record = buf.slice(buf.position() + HEADER, keyLength + valueLength);
            crc.reset();
            crc.update(record.duplicate());
            if ((int) crc.getValue() != stored) {
                break;
            }
            byte[] key = new byte[keyLength];
            record.get(0, key);
            index.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), pack(at + HEADER + keyLength, valueLength));
            buf.position(buf.position() + (int) recordSize);
            at += recordSize;
        }
        end = at;
        channel.truncate(at);
    }

    /** Refills {@code buf} with the file from {@code at}. */
    private void refill(ByteBuffer buf, long at) throws IOException {
        buf.clear();
        while (buf.hasRemaining() && channel.read(buf, at + buf.position()) > 0) {
            // read until full or end of file
        }
        buf.flip();
    }

    @Override
    public KvSession session() {
        return new Session();
    }

    @Override
    public void settle() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new EngineException("raw-file", "force", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new EngineException("raw-file", "close", e);
        }
    }

    private static long pack(long valueOffset, int valueLength) {
        // 40 bits of offset (1 TiB) and 24 bits of length (16 MiB): plenty for the benchmark.
        return valueOffset << 24 | valueLength;
    }

    /** A thread's record buffer and checksum. Not thread-safe; one per thread. */
    private final class Session implements KvSession {
        private ByteBuffer record = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        @Override
        public void put(BenchKey key, byte[] value) {
            byte[] k = key.bytes();
            int size = HEADER + k.length + value.length;
            if (record.capacity() < size) {
                record = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1).order(ByteOrder.LITTLE_ENDIAN);
            }
            crc.reset();
            crc.update(k);
            crc.update(value);
            record.clear();
            record.putInt(k.length).putInt(value.length).putInt((int) crc.getValue()).put(k).put(value).flip();
            try {
                long at;
                synchronized (appendLock) {
                    at = end;
                    while (record.hasRemaining()) {
                        channel.write(record, at + record.position());
                    }
                    end = at + size;
                }
                if (force) {
                    channel.force(false);
                }
                index.put(key.text(), pack(at + HEADER + k.length, value.length));
            } catch (IOException e) {
                throw new EngineException("raw-file", "append " + key.text(), e);
            }
        }

        @Override
        public byte[] get(BenchKey key) {
            Long location = index.get(key.text());
            if (location == null) {
                return new byte[0];
            }
            byte[] value = new byte[(int) (location & 0xFF_FFFF)];
            ByteBuffer dst = ByteBuffer.wrap(value);
            long at = location >>> 24;
            try {
                while (dst.hasRemaining()) {
                    if (channel.read(dst, at + dst.position()) < 0) {
                        throw new IOException("end of file at " + (at + dst.position()));
                    }
                }
            } catch (IOException e) {
                throw new EngineException("raw-file", "read " + key.text(), e);
            }
            return value;
        }

        @Override
        public void close() {}
    }
}
