package syna.nativeabi.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.List;
import syna.api.Database;
import syna.api.ErrorCode;
import syna.api.InvalidArgumentException;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;

/**
 * The tensor functions of the C ABI, over the database's tensor engine (one per open database, shared by every
 * call). Thread-safe (the engine is).
 */
@SuppressWarnings("restricted") // C pointers are this module's purpose (--enable-native-access=syna.nativeabi)
final class TensorCalls {
    private static final int OK = ErrorCode.SUCCESS.code();

    private TensorCalls() {}

    /** The engine of database handle {@code db}, made on first use and kept with the database. */
    private static TensorEngine engine(long db) {
        Database d = Handles.database(db);
        return d.attachment(EngineHolder.class, () -> new EngineHolder(TensorEngine.open(d))).engine();
    }

    private record EngineHolder(TensorEngine engine) {}

    static int tensorPut(long db, MemorySegment name, int dtype, MemorySegment shape, int rank, MemorySegment data,
            long bytes) {
        TensorEngine e = engine(db);
        String n = Native.string(name, "tensor name", ErrorCode.INVALID_ARGUMENT);
        DType t = DType.ofTag(dtype).orElseThrow(() -> new InvalidArgumentException("unknown dtype " + dtype
                + " (SYNA_DTYPE_*)"));
        if (rank < 0 || rank > 32) {
            throw new InvalidArgumentException("rank " + rank + " of tensor '" + n + "' is outside [0, 32]");
        }
        if (rank > 0 && Native.isNull(shape)) {
            throw new InvalidArgumentException("shape of tensor '" + n + "' is NULL but rank is " + rank);
        }
        long[] dims = rank == 0 ? new long[0] : shape.reinterpret(rank * 8L).toArray(JAVA_LONG);
        Shape s = Shape.of(dims);
        long expected = s.byteSize(t);
        if (bytes != expected) {
            throw new InvalidArgumentException("tensor '" + n + "' of shape " + s + " and dtype " + t + " needs "
                    + expected + " bytes, got " + bytes);
        }
        if (bytes > 0 && Native.isNull(data)) {
            throw new InvalidArgumentException("data of tensor '" + n + "' is NULL");
        }
        MemorySegment src = bytes == 0 ? MemorySegment.ofArray(new byte[0]) : data.reinterpret(bytes);
        e.put(n, Tensor.wrap(t, s, src));
        return OK;
    }

    static int tensorGet(long db, MemorySegment name, MemorySegment outDtype, MemorySegment outShape, int maxRank,
            MemorySegment outRank, MemorySegment outData, MemorySegment outBytes) {
        MemorySegment dt = Native.out(outDtype, 4, "out_dtype");
        MemorySegment rk = Native.out(outRank, 4, "out_rank");
        MemorySegment od = Native.out(outData, 8, "out_data");
        MemorySegment ob = Native.out(outBytes, 8, "out_bytes");
        String n = Native.string(name, "tensor name", ErrorCode.INVALID_ARGUMENT);
        try (Tensor t = engine(db).get(n)) {
            long[] dims = t.shape().dims();
            if (dims.length > maxRank) {
                throw new InvalidArgumentException("tensor '" + n + "' has rank " + dims.length + " but max_rank is "
                        + maxRank);
            }
            if (dims.length > 0) {
                Native.out(outShape, dims.length * 8L, "out_shape").copyFrom(MemorySegment.ofArray(dims));
            }
            MemorySegment c = Native.malloc(t.byteSize());
            t.copyTo(c);
            dt.set(JAVA_INT, 0, t.dtype().tag());
            rk.set(JAVA_INT, 0, dims.length);
            ob.set(JAVA_LONG, 0, t.byteSize());
            Native.setPointer(od, c);
        }
        return OK;
    }

    static int tensorList(long db, MemorySegment glob, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_json");
        TensorEngine e = engine(db);
        List<String> names = Native.isNull(glob) ? e.names() : e.names(Native.string(glob, "glob",
                ErrorCode.INVALID_ARGUMENT));
        Native.setPointer(o, Native.cString(Json.write(names)));
        return OK;
    }

    static int tensorDelete(long db, MemorySegment name, MemorySegment outExisted) {
        boolean existed = engine(db).delete(Native.string(name, "tensor name", ErrorCode.INVALID_ARGUMENT));
        if (!Native.isNull(outExisted)) {
            outExisted.reinterpret(4).set(JAVA_INT, 0, existed ? 1 : 0);
        }
        return OK;
    }
}
