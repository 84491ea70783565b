package syna.bench.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import syna.api.InternalException;
import syna.bench.store.BenchKey;
import syna.bench.store.KvSession;
import syna.bench.store.KvStore;

/**
 * Runs a workload's operations on a store with its thread count and times each one with
 * {@link System#nanoTime()}. Thread-safe (stateless).
 */
public final class WorkloadRunner {
    /** Zipfian skew, as YCSB's default. */
    public static final double ZIPFIAN_THETA = 0.99;

    private WorkloadRunner() {}

    /**
     * Runs {@code ops} operations of {@code workload} on {@code store}. For {@link Workload.Kind#WRITE}
     * {@code keys} holds at least {@code ops} distinct keys, used in order; otherwise it is the
     * preloaded key space. Reads must find a value of the workload's size, else the run fails.
     */
    public static Measurement run(KvStore store, Workload workload, BenchKey[] keys, ValuePool values, long seed,
            int ops) {
        return run(store, workload, keys, values, seed, ops, sorted -> {});
    }

    private static Measurement run(KvStore store, Workload workload, BenchKey[] keys, ValuePool values, long seed,
            int ops, Consumer<long[]> sortedSink) {
        int threads = workload.threads();
        List<Latencies> latencies = new ArrayList<>();
        long[] reads = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        // Workers stay alive until the allocation count is read: the JVM adds an ended thread's bytes to
        // its total some time after join() returns, so a count read after the joins could miss a
        // worker's whole allocation (runs showed 0 B/op for gets that copy 1 KB each).
        CountDownLatch done = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            int mine = ops / threads + (t < ops % threads ? 1 : 0);
            Latencies lat = new Latencies(mine);
            latencies.add(lat);
            SplittableRandom random = new SplittableRandom(seed * 31 + t);
            Zipfian zipfian = workload.keys() == Workload.KeyChoice.ZIPFIAN
                    ? new Zipfian(keys.length, ZIPFIAN_THETA, random.split())
                    : null;
            Thread worker = Thread.ofPlatform().name("bench-" + workload.name() + "-" + t).unstarted(() -> {
                try (KvSession session = store.session()) {
                    ready.countDown();
                    go.await();
                    reads[thread] = loop(session, workload, keys, values, random, zipfian, lat, thread, mine);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                } finally {
                    done.countDown();
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workers.add(worker);
            worker.start();
        }
        long start;
        long end;
        long allocated;
        try {
            ready.await();
            // The keys, values and latency arrays were just made: collect now, so that the young collections
            // that would copy them (hundreds of MB for a million keys) do not fall inside the timed phase of
            // whichever engine runs first, and a phase's longest operation is the engine's own.
            System.gc();
            long allocatedBefore = HeapAllocation.total();
            start = System.nanoTime();
            go.countDown();
            done.await();
            end = System.nanoTime();
            allocated = allocatedBefore < 0 ? -1 : HeapAllocation.total() - allocatedBefore;
            release.countDown();
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while running " + workload.name(), e);
        } finally {
            release.countDown(); // never leave a worker waiting
        }
        if (failure.get() != null) {
            throw new InternalException("workload " + workload.name() + " failed: " + failure.get(), failure.get());
        }
        long totalReads = 0;
        for (long r : reads) {
            totalReads += r;
        }
        long[] sorted = Latencies.mergeSorted(latencies);
        sortedSink.accept(sorted);
        return measure(sorted, end - start, allocated, totalReads);
    }

    /**
     * Runs a write workload in {@code rounds} slices of its operations, each slice on every store in
     * turn (a rotating order), and merges the slices per store. For sync-bound workloads: the disk's
     * sync rate drifts by 10x over tens of seconds on shared or virtual disks, and slicing exposes
     * every engine to the same drift instead of giving one engine the slow minute.
     */
    public static List<Measurement> runInRounds(List<KvStore> stores, Workload workload, BenchKey[] keys,
            ValuePool values, long seed, int rounds) {
        int n = stores.size();
        List<List<long[]>> parts = new ArrayList<>();
        long[] elapsed = new long[n];
        double[] allocated = new double[n];
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        int per = workload.ops() / rounds;
        for (int round = 0; round < rounds; round++) {
            int from = round * per;
            int count = round == rounds - 1 ? workload.ops() - from : per;
            BenchKey[] slice = Arrays.copyOfRange(keys, from, from + count);
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                Timed t = timed(stores.get(i), workload, slice, values, seed + round, count);
                parts.get(i).add(t.sortedNanos());
                elapsed[i] += t.elapsedNanos();
                allocated[i] += t.allocatedBytes();
            }
        }
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] all = parts.get(i).stream().flatMapToLong(Arrays::stream).sorted().toArray();
            out.add(measure(all, elapsed[i], Double.isNaN(allocated[i]) ? -1 : (long) allocated[i], 0));
        }
        return out;
    }

    private record Timed(long[] sortedNanos, long elapsedNanos, double allocatedBytes) {}

    private static Timed timed(KvStore store, Workload workload, BenchKey[] keys, ValuePool values, long seed,
            int ops) {
        long[][] captured = new long[1][];
        Measurement m = run(store, workload, keys, values, seed, ops, sorted -> captured[0] = sorted);
        return new Timed(captured[0], m.elapsedNanos(), m.allocatedBytesPerOp() * m.ops());
    }

    /** {@code allocatedBytes} below 0: unknown. */
    private static Measurement measure(long[] sorted, long elapsedNanos, long allocatedBytes, long reads) {
        double perOp = allocatedBytes < 0 || sorted.length == 0 ? Double.NaN : (double) allocatedBytes / sorted.length;
        return new Measurement(sorted.length, elapsedNanos, Latencies.quantileMicros(sorted, 0.50),
                Latencies.quantileMicros(sorted, 0.99), Latencies.quantileMicros(sorted, 0.999),
                Latencies.quantileMicros(sorted, 1.0), perOp, reads);
    }

    private static long loop(KvSession session, Workload workload, BenchKey[] keys, ValuePool values,
            SplittableRandom random, Zipfian zipfian, Latencies lat, int thread, int count) {
        int threads = workload.threads();
        double readFraction = workload.kind() == Workload.Kind.WRITE ? 0 : workload.readFraction();
        int expected = values.size();
        long reads = 0;
        for (int n = 0; n < count; n++) {
            long op = (long) n * threads + thread;
            BenchKey key = switch (workload.keys()) {
                case DISTINCT -> keys[(int) op];
                case UNIFORM -> keys[random.nextInt(keys.length)];
                case ZIPFIAN -> keys[(int) zipfian.next()];
            };
            boolean read = readFraction > 0 && (readFraction >= 1 || random.nextDouble() < readFraction);
            if (read) {
                long t0 = System.nanoTime();
                byte[] value = session.get(key);
                lat.record(System.nanoTime() - t0);
                if (value.length != expected) {
                    throw new InternalException("read of " + key.text() + " gave " + value.length
                            + " bytes, expected " + expected);
                }
                reads++;
            } else {
                byte[] value = values.value(op);
                long t0 = System.nanoTime();
                session.put(key, value);
                lat.record(System.nanoTime() - t0);
            }
        }
        return reads;
    }
}
