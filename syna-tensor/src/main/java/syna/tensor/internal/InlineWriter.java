package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.TensorInfo;
import syna.tensor.TensorWriter;

/**
 * Writes a small tensor: the bytes gather in one off-heap value (header, then data) that the commit
 * puts in one write. Not thread-safe; one per thread.
 */
final class InlineWriter implements TensorWriter {
    private final Engine engine;
    private final TensorInfo info;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment value;
    private final int header;
    private long written;
    private boolean done;

    InlineWriter(Engine engine, String name, DType dtype, Shape shape) {
        this.engine = engine;
        this.info = new TensorInfo(name, dtype, shape, 0, 0);
        this.header = Descriptor.inlineHeaderBytes(shape.rank());
        this.value = ChunkIO.allocate(arena, header + shape.byteSize(dtype));
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void write(MemorySegment data) {
        open();
        if (data == null) {
            throw new InvalidArgumentException("data written to tensor '" + info.name() + "' must not be null");
        }
        if (written + data.byteSize() > info.byteSize()) {
            throw new InvalidArgumentException("tensor '" + info.name() + "' has " + info.byteSize() + " bytes; "
                    + written + " written, " + data.byteSize() + " more do not fit");
        }
        MemorySegment.copy(data, 0, value, header + written, data.byteSize());
        written += data.byteSize();
    }

    @Override
    public TensorInfo commit() {
        open();
        if (written != info.byteSize()) {
            throw new InvalidArgumentException("tensor '" + info.name() + "' is incomplete: " + written + " of "
                    + info.byteSize() + " bytes written");
        }
        Descriptor.writeInlineHeader(value, info.dtype(), info.shape(), Descriptor.crc(value, header, value.byteSize()));
        engine.commit(info.name(), null, value, 0, info);
        close();
        return info;
    }

    private void open() {
        if (done) {
            throw new ClosedException("writer of tensor '" + info.name() + "' is closed");
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            arena.close();
        }
    }
}
