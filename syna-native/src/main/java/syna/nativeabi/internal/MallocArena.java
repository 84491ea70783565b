package syna.nativeabi.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import syna.api.ErrorCode;
import syna.api.SynaException;

/**
 * An arena whose segments are {@code malloc}ed, so a result the database writes straight into off-heap memory
 * is handed to C without a second copy; the caller then frees it with {@code SYNA_free_*}. {@link #close()}
 * frees what was not handed over (a failure half way). Not thread-safe; one per call.
 */
final class MallocArena implements Arena {
    private final List<MemorySegment> owned = new ArrayList<>();

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteAlignment > 16) {
            throw new SynaException(ErrorCode.INTERNAL, "malloc arena cannot align to " + byteAlignment + " bytes");
        }
        MemorySegment m = Native.malloc(byteSize);
        owned.add(m);
        return m;
    }

    /** Gives {@code segment} (allocated here) to the C caller; returns it. */
    MemorySegment handOver(MemorySegment segment) {
        for (int i = 0; i < owned.size(); i++) {
            if (owned.get(i).address() == segment.address()) {
                owned.remove(i);
                return segment;
            }
        }
        throw new SynaException(ErrorCode.INTERNAL, "segment at 0x" + Long.toHexString(segment.address())
                + " was not allocated by this arena");
    }

    @Override
    public MemorySegment.Scope scope() {
        return Arena.global().scope();
    }

    @Override
    public void close() {
        for (MemorySegment m : owned) {
            Native.free(m);
        }
        owned.clear();
    }
}
