package syna.tests.fault;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A {@link FileChannel} that asks its {@link FaultInjector} before every write and force. Writes
 * through memory mappings are not intercepted, so engines under test write through the channel.
 * Thread-safe as the channel it wraps.
 */
final class FaultyFileChannel extends FileChannel {
    private final FaultInjector injector;
    private final Path file;
    private final FileChannel real;

    FaultyFileChannel(FaultInjector injector, Path file, FileChannel real) {
        this.injector = injector;
        this.file = file;
        this.real = real;
    }

    private int writeOne(ByteBuffer src, long position) throws IOException {
        int len = src.remaining();
        int allowed = injector.beforeWrite(file, len);
        if (allowed == len) {
            return position < 0 ? real.write(src) : real.write(src, position);
        }
        ByteBuffer part = src.slice(src.position(), allowed);
        while (part.hasRemaining()) {
            if (position < 0) {
                real.write(part);
            } else {
                real.write(part, position + part.position());
            }
        }
        throw new IOException("injected crash: write of " + len + " bytes to " + file + " torn after " + allowed);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return writeOne(src, -1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += writeOne(srcs[i], -1);
        }
        return n;
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (injector.isCrashed()) {
            throw new IOException("injected crash: truncate of " + file + " after the crash");
        }
        real.truncate(size);
        injector.truncated(file, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        injector.beforeForce(file);
        real.force(metaData);
        injector.afterForce(file, real.size());
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("transferFrom is not supported by the fault-injecting channel");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return writeOne(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        return real.map(mode, offset, size, arena);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
