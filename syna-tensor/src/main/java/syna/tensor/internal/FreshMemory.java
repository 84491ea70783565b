package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Memory for a whole tensor that a read is about to fill: on Linux, when this module has native
 * access ({@code --enable-native-access=syna.tensor}, or {@code ALL-UNNAMED} on the class path), a
 * private anonymous map from the OS, advised to use transparent huge pages ({@code MADV_HUGEPAGE}:
 * the kernel's default THP mode, {@code madvise}, grants them only when asked) and unmapped when its
 * arena closes; otherwise (and for small sizes) the arena's own memory.
 * <p>Why: {@link Arena#allocate} zeroes what it hands out, in the calling thread, so a 1 GiB
 * {@code get} paid a page fault per 4 KiB and a pass of zeroing before its copy began, about five
 * times the cost of the mapped read it is measured against. The OS hands out a map's pages already
 * zeroed on first touch, so those faults are spread over the threads that copy the chunks in, a
 * 2 MiB page takes one fault instead of 512, and the memory is written once: a 1 GiB {@code get}
 * went from 2.1 to 4.7 GB/s on 2 cores in a probe of get alone (2.5 with the map alone; 2.0 to 3.7
 * in bench/tensor.sh). Thread-safe (stateless).
 */
@SuppressWarnings("restricted") // mmap, madvise and munmap, only where the user granted native access
final class FreshMemory {
    /** Below this the arena's memory is as fast: malloc serves it and zeroing it is cheap. */
    static final long MIN_MAPPED = 4L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20; // the same on Linux x86-64 and AArch64
    private static final long MAP_FAILED = -1L;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle[] CALLS = find();

    private FreshMemory() {}

    /** Whether large allocations come from the OS's maps in this JVM. */
    static boolean mapsFromTheOs() {
        return CALLS != null;
    }

    /** {@code n} zeroed bytes, 64-byte aligned, that live as long as {@code arena} (shared or confined). */
    static MemorySegment allocate(Arena arena, long n) {
        if (n >= MIN_MAPPED && CALLS != null) {
            MemorySegment m = map(arena, n);
            if (m != null) {
                return m;
            }
        }
        return ChunkIO.allocate(arena, n);
    }

    /** A map of {@code n} bytes owned by {@code arena}, or null when the OS refuses (the arena's memory is tried next). */
    private static MemorySegment map(Arena arena, long n) {
        MemorySegment at;
        try {
            at = (MemorySegment) CALLS[0].invokeExact(MemorySegment.NULL, n, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + n + " bytes failed", t);
        }
        if (at.address() == MAP_FAILED) {
            return null; // out of address space or over a limit: let the JDK's allocator report it its own way
        }
        try {
            int ignored = (int) CALLS[2].invokeExact(at, n, MADV_HUGEPAGE); // a kernel without THP says no: 4 KiB pages then
        } catch (Throwable t) {
            unmap(at.address(), n);
            throw new IllegalStateException("madvise of " + n + " bytes failed", t);
        }
        try {
            return at.reinterpret(n, arena, s -> unmap(s.address(), n));
        } catch (RuntimeException ex) { // the arena closed meanwhile
            unmap(at.address(), n);
            throw ex;
        }
    }

    private static void unmap(long address, long n) {
        try {
            int rc = (int) CALLS[1].invokeExact(MemorySegment.ofAddress(address), n);
            assert rc == 0 : "munmap failed";
        } catch (Throwable t) {
            // nothing to hand it to: a cleanup action runs when an arena closes or is collected
        }
    }

    /** mmap, munmap and madvise, or null where this JVM may not or cannot call them. */
    private static MethodHandle[] find() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || !FreshMemory.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG));
            MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            MethodHandle madv = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            return new MethodHandle[] {mmap, munmap, madv};
        } catch (RuntimeException | LinkageError ex) {
            return null; // no libc symbols (an unusual platform): the arena's memory is used
        }
    }
}
