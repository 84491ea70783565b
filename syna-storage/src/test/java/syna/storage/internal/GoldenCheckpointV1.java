package syna.storage.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryRetention;
import syna.api.Namespace;
import syna.api.WriteBatch;

/**
 * Writes the golden checkpoint of checkpoint format 1 over a format-2 log
 * ({@code src/test/resources/golden/log-v2-checkpoint/}): writes, a checkpoint, more writes, then the
 * files as a crash would leave them (copied while open, so the log goes on after the checkpoint's
 * end). Run once with a target directory; {@link GoldenFormatTest} opens what it wrote. A test
 * utility, not a test.
 */
public final class GoldenCheckpointV1 {
    private GoldenCheckpointV1() {}

    static void write(Path work, Path target) throws java.io.IOException {
        try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(work).durability(Durability.ALWAYS).build(),
                new EngineHooks(EngineHooks.NONE.opener(), step -> {}, false, 0))) {
            db.putText("u", "user key");
            db.putText("long", "L".repeat(5000));
            db.putBytes("b", new byte[] {1, 2, 3});
            db.putVector("v", new float[] {1f, -2.5f});
            db.putInt("d", 1);
            db.delete("d");
            Namespace reg = db.namespace("mlops.registry");
            reg.putText("u", "namespace key");
            reg.putInts("ints", new long[] {5, 6, 7}, new long[] {-1, 0, 1});
            db.namespace("gone").putInt("x", 1);
            db.dropNamespace("gone");
            db.namespace("dropped-later").putInt("y", 1);
            long[] t = new long[100];
            double[] v = new double[100];
            for (int i = 0; i < 100; i++) {
                t[i] = 1_700_000_000_000_000L + i * 1_000_000L;
                v[i] = Math.round(2000 + 500 * Math.sin(i / 10.0)) / 100.0;
            }
            db.putFloats("sensor", t, v);
            db.compact(HistoryRetention.all()); // a compacted log: the checkpoint describes the new file
            db.checkpoint();
            // after the checkpoint's end: found by the tail scan
            db.putText("u", "after the checkpoint");
            db.putFloats("sensor", new long[] {1_800_000_000_000_000L}, new double[] {99.5});
            db.dropNamespace("dropped-later");
            db.write(WriteBatch.create().putInt("batch/u", 1).in("mlops.registry").putText("batch/n", "both"));
            Files.createDirectories(target);
            Files.copy(work.resolve("data.log.ckpt"), target.resolve("data.log.ckpt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(work.resolve("data.log"), target.resolve("data.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A format-1 checkpoint bigger than the reader's 1 MiB window
     * ({@code src/test/resources/golden/log-v2-checkpoint-large/}): 3,000 keys of 400 bytes, every
     * tenth with three entries, a key with 2,000 entries, then a closed database (no tail).
     */
    static void writeLarge(Path work, Path target) throws java.io.IOException {
        try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(work).durability(Durability.NONE).build(),
                new EngineHooks(EngineHooks.NONE.opener(), step -> {}, false, 0))) {
            for (int i = 0; i < 3000; i++) {
                String key = String.format("%05d", i) + "k".repeat(395);
                db.putInt(key, i);
                if (i % 10 == 0) {
                    db.putInt(key, i + 1);
                    db.putFloat(key, i / 2.0);
                }
            }
            for (int i = 0; i < 2000; i++) {
                db.putInt("many", i);
            }
            db.checkpoint();
            Files.createDirectories(target);
            Files.copy(work.resolve("data.log.ckpt"), target.resolve("data.log.ckpt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(work.resolve("data.log"), target.resolve("data.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the golden files into {@code args[0]}, working in {@code args[1]}; {@code large} as args[2]: {@link #writeLarge}. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 2 && args[2].equals("large")) {
            writeLarge(Path.of(args[1]), Path.of(args[0]));
        } else {
            write(Path.of(args[1]), Path.of(args[0]));
        }
    }
}
