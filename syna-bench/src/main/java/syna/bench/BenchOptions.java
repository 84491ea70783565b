package syna.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import syna.api.InvalidArgumentException;
import syna.bench.store.Engine;

/**
 * Settings of a {@link StorageBench} run, parsed from its command line and validated once.
 * Immutable and thread-safe.
 *
 * @param ops operations per workload (fsync-bound workloads use {@code syncOps})
 * @param keys key space of the read and YCSB workloads, preloaded
 * @param syncOps operations of the ALWAYS and GROUP workloads, each of which waits for a disk sync
 * @param maxBytes cap on the bytes one write workload puts (ops shrink for 64 KB values)
 * @param seed seed of every generator
 * @param engines engines to run, in order
 * @param workloads names of the workloads to run; empty: all
 * @param dir directory where each engine's fresh temporary directory is made (the disk under test)
 * @param results directory for the CSV and JSON files
 * @param commit commit id for the header
 * @param quiesceMillis longest wait for the page cache's dirty pages to drain before sync-bound work
 */
public record BenchOptions(
        int ops,
        int keys,
        int syncOps,
        long maxBytes,
        long seed,
        List<Engine> engines,
        Set<String> workloads,
        Path dir,
        Path results,
        String commit,
        long quiesceMillis) {

    /** Usage text of the command. */
    public static final String USAGE = """
            usage: StorageBench [--ops N] [--keys N] [--sync-ops N] [--max-bytes N] [--seed S]
                                [--engines syna,rocksdb,lmdb,chronicle-map,raw] [--workloads name,...]
                                [--dir DIR] [--results DIR] [--commit ID] [--quiesce-ms N]
              --ops N        operations per workload (default 1000000: phases of seconds, not tenths)
              --keys N       preloaded key space of the read and YCSB workloads (default 100000)
              --sync-ops N   operations of the ALWAYS / GROUP workloads, each waits for a disk sync (default 2000)
              --max-bytes N  cap on the bytes one write workload puts; fewer ops for 64 KB values (default 1 GiB)
              --seed S       seed of keys, values and key choice (default: random, printed)
              --engines L    engines to run (default all five; chronicle-map runs the NONE workloads only)
              --workloads L  workloads to run (default all): write-64b write-1kb write-64kb read-1kb-1t
                             read-1kb-2t ycsb-a ycsb-b ycsb-c always-1kb group-1kb-1t group-1kb-2t
                             group-1kb-8t group-1kb-32t
              --dir DIR      where the per-engine temporary directories go (default java.io.tmpdir);
                             put it on the disk you want to measure
              --results DIR  where the CSV and JSON go (default bench-results)
              --commit ID    commit printed in the header (bench/storage.sh passes git's)
              --quiesce-ms N longest wait for dirty pages to drain before ALWAYS/GROUP (default 20000; 0: none)
            """;

    /** Checks every bound. */
    public BenchOptions {
        if (ops < 100 || keys < 100 || syncOps < 8 || maxBytes < 1 << 20) {
            throw new InvalidArgumentException("need ops >= 100, keys >= 100, sync-ops >= 8, max-bytes >= 1 MiB; got ops "
                    + ops + ", keys " + keys + ", sync-ops " + syncOps + ", max-bytes " + maxBytes);
        }
        engines = List.copyOf(engines);
        workloads = Set.copyOf(workloads);
        if (quiesceMillis < 0) {
            throw new InvalidArgumentException("--quiesce-ms must be >= 0, got " + quiesceMillis);
        }
        if (engines.isEmpty()) {
            throw new InvalidArgumentException("--engines names no engine");
        }
    }

    /** Parses {@code args}; unknown flags and bad numbers throw {@link InvalidArgumentException}. */
    public static BenchOptions parse(String... args) {
        int ops = 1_000_000;
        int keys = 100_000;
        int syncOps = 2_000;
        long maxBytes = 1L << 30;
        long seed = System.nanoTime() ^ 0x5DEECE66DL;
        List<Engine> engines = new ArrayList<>(Arrays.asList(Engine.values()));
        Set<String> workloads = new TreeSet<>();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path results = Path.of("bench-results");
        String commit = System.getProperty("syna.bench.commit", "");
        long quiesceMillis = 20_000;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new InvalidArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new InvalidArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--ops" -> ops = (int) number(flag, value);
                case "--keys" -> keys = (int) number(flag, value);
                case "--sync-ops" -> syncOps = (int) number(flag, value);
                case "--max-bytes" -> maxBytes = number(flag, value);
                case "--seed" -> seed = number(flag, value);
                case "--engines" -> {
                    engines.clear();
                    for (String e : value.split(",")) {
                        engines.add(Engine.parse(e));
                    }
                }
                case "--workloads" -> {
                    for (String w : value.split(",")) {
                        workloads.add(w.trim().toLowerCase(Locale.ROOT));
                    }
                }
                case "--dir" -> dir = Path.of(value);
                case "--results" -> results = Path.of(value);
                case "--commit" -> commit = value;
                case "--quiesce-ms" -> quiesceMillis = number(flag, value);
                default -> throw new InvalidArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new BenchOptions(ops, keys, syncOps, maxBytes, seed, engines, workloads, dir, results, commit,
                quiesceMillis);
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(flag + " needs a whole number, got '" + value + "'", e);
        }
    }
}
