package syna.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import syna.api.Database;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;

/**
 * Open and close times of the log engine: {@code --keys} keys of {@code --value-bytes} random bytes
 * are written (NONE, {@code --versions} puts each, default one, so each key has that many history
 * entries) and closed; then, in one JVM and alternating, the database is
 * reopened from the checkpoint the close wrote and reopened by a full scan (the checkpoint deleted,
 * as before checkpoints existed). Then a crash image is reopened (read-only, so it stays one): the
 * files copied while the database was open after {@code --tail-keys} more puts, so the open loads
 * the last checkpoint and scans the log after it. Reports the median and the best of {@code --rounds}
 * opens each (the page cache is warm: the files were just written), the checkpoint's size, the
 * tail scanned, and the close times. Run it with {@code bench/storage.sh reopen}. Prints; a command.
 * Not thread-safe.
 */
public final class ReopenBench {
    private ReopenBench() {}

    /** Runs the benchmark; {@code --help} lists the options. */
    public static void main(String[] args) throws IOException {
        int keys = 100_000;
        int valueBytes = 1024;
        int rounds = 5;
        int tailKeys = 20_000;
        int versions = 1;
        long seed = 42;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--keys" -> keys = Integer.parseInt(args[++i].replace("_", ""));
                case "--value-bytes" -> valueBytes = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tail-keys" -> tailKeys = Integer.parseInt(args[++i].replace("_", ""));
                case "--versions" -> versions = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--results" -> i++; // accepted for symmetry with StorageBench; the table goes to stdout
                case "--help" -> {
                    System.out.println("bench/storage.sh reopen [--keys 100000] [--value-bytes 1024] [--rounds 5]"
                            + " [--tail-keys 20000] [--versions 1] [--seed 42] [--dir DIR]");
                    return;
                }
                default -> throw new InvalidArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (versions < 1) {
            throw new InvalidArgumentException("--versions must be at least 1, got " + versions);
        }
        Path dir = base == null ? Files.createTempDirectory("syna-reopen") : Files.createDirectories(base);
        try {
            run(System.out, dir, keys, valueBytes, versions, rounds, tailKeys, seed);
        } finally {
            deleteTree(dir);
        }
    }

    static void run(PrintStream out, Path dir, int keys, int valueBytes, int versions, int rounds, int tailKeys,
            long seed)
            throws IOException {
        Path db = dir.resolve("db");
        Path ckpt = db.resolve("data.log.ckpt");
        SplittableRandom r = new SplittableRandom(seed);
        byte[] value = new byte[valueBytes];
        warmUp(dir.resolve("warm"), valueBytes);

        long t0 = System.nanoTime();
        long closeMs;
        Database w = Syna.builder(db).durability(Durability.NONE).open();
        for (int v = 0; v < versions; v++) {
            for (int i = 0; i < keys; i++) {
                r.nextBytes(value);
                w.putBytes(key(i), value);
            }
        }
        long c0 = System.nanoTime();
        w.close();
        closeMs = (System.nanoTime() - c0) / 1_000_000;
        long writeMs = (System.nanoTime() - t0) / 1_000_000;
        long logBytes = Files.size(db.resolve("data.log"));
        long ckptBytes = Files.size(ckpt);

        long[] fromCheckpoint = new long[rounds];
        long[] fullScan = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            fromCheckpoint[round] = openMs(db, keys, false);
            Files.delete(ckpt);
            fullScan[round] = openMs(db, keys, false); // its close writes the checkpoint again
        }

        // The crash image: more puts after the last checkpoint, files copied while the database is open.
        Path image = dir.resolve("image");
        long tailBytes;
        try (Database d = Syna.builder(db).durability(Durability.NONE).open()) {
            for (int i = 0; i < tailKeys; i++) {
                r.nextBytes(value);
                d.putBytes(key(keys + i), value);
            }
            d.sync();
            Files.createDirectories(image);
            // the checkpoint first: one written in the background meanwhile covers no more than the log copied
            Files.copy(ckpt, image.resolve("data.log.ckpt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(db.resolve("data.log"), image.resolve("data.log"), StandardCopyOption.REPLACE_EXISTING);
            tailBytes = Files.size(image.resolve("data.log")) - coveredEnd(image.resolve("data.log.ckpt"));
        }
        long[] crash = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            crash[round] = openMs(image, (long) keys + tailKeys, true); // read-only: the image stays a crash image
        }
        out.printf(Locale.ROOT, "reopen of %,d keys x %,d B%s: log %.1f MiB, checkpoint %.1f MiB; write %,d ms,"
                + " close %,d ms (with its checkpoint)%n", keys, valueBytes,
                versions == 1 ? "" : String.format(Locale.ROOT, " x %,d versions", versions), logBytes / 1048576.0,
                ckptBytes / 1048576.0, writeMs, closeMs);
        out.printf(Locale.ROOT, "  %-52s %10s %10s%n", "open (" + rounds + " rounds, warm page cache)", "median ms",
                "best ms");
        row(out, "clean close, from the checkpoint", fromCheckpoint);
        row(out, "clean close, full scan (no checkpoint)", fullScan);
        row(out, String.format(Locale.ROOT, "crash after %,d more puts: checkpoint + %.1f MiB tail", tailKeys,
                tailBytes / 1048576.0), crash);
        out.printf(Locale.ROOT, "  full scan / checkpoint: %.1fx (medians)%n",
                (double) median(fullScan) / Math.max(1, median(fromCheckpoint)));
    }

    /** Opens {@code dir}, checks the key count, closes; returns the open's wall time in ms. */
    private static long openMs(Path dir, long keys, boolean readOnly) {
        long t0 = System.nanoTime();
        try (Database d = Syna.builder(dir).readOnly(readOnly).open()) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (d.size() != keys) {
                throw new IllegalStateException("reopened " + d.size() + " keys, expected " + keys);
            }
            return ms;
        }
    }

    /** The log offset a checkpoint covers (body bytes 8..16 after the 128-byte header). */
    private static long coveredEnd(Path ckpt) throws IOException {
        byte[] b = new byte[16];
        try (var in = Files.newInputStream(ckpt)) {
            in.skipNBytes(128);
            in.readNBytes(b, 0, 16);
        }
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
    }

    private static void warmUp(Path dir, int valueBytes) {
        for (int round = 0; round < 3; round++) {
            try (Database d = Syna.open(dir)) {
                for (int i = 0; i < 20_000; i++) {
                    d.putBytes(key(i), new byte[valueBytes]);
                }
            }
            Syna.open(dir).close();
        }
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "key%011d", i); // 14 bytes, as the storage bench's keys
    }

    private static void row(PrintStream out, String what, long[] ms) {
        out.printf(Locale.ROOT, "  %-44s %10d %10d%n", what, median(ms), Arrays.stream(ms).min().orElse(0));
    }

    private static long median(long[] ms) {
        long[] s = ms.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Deletes {@code dir} and everything under it, if it exists (also used by {@link CompactionBench}). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(java.util.Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
