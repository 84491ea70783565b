package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An arena whose first allocation of the expected size is {@code target} itself: handed to
 * {@link syna.api.KeySpace#getBytes(String, Arena)}, it makes the storage engine read a value
 * straight into the caller's memory (a chunk's place in a tensor, a batch buffer) instead of a
 * fresh segment that would then be copied. Any other allocation comes from an automatic arena.
 * Never closed by its user: {@link #close()} is a no-op. Not thread-safe; one per read.
 */
final class TargetArena implements Arena {
    private final MemorySegment target;
    private boolean used;

    TargetArena(MemorySegment target) {
        this.target = target;
    }

    /** Whether {@code got}, what the read returned, is {@code target} (no copy needed). */
    boolean isTarget(MemorySegment got) {
        return got.address() == target.address() && got.byteSize() == target.byteSize() && got.isNative() == target.isNative();
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (!used && byteSize == target.byteSize() && target.address() % byteAlignment == 0) {
            used = true;
            return target;
        }
        return Arena.ofAuto().allocate(byteSize, byteAlignment);
    }

    @Override
    public MemorySegment.Scope scope() {
        return target.scope();
    }

    @Override
    public void close() {
        // the memory belongs to the caller
    }
}
