package syna.bench.workload;

import java.lang.management.ManagementFactory;

/**
 * Java heap allocated by every thread of this JVM since it started, ended threads included
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}). Thread-safe.
 */
final class HeapAllocation {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private HeapAllocation() {}

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    /** Bytes allocated so far, or -1 when the JVM does not count them (then every difference reads as unknown). */
    static long total() {
        return THREADS == null ? -1 : THREADS.getTotalThreadAllocatedBytes();
    }
}
