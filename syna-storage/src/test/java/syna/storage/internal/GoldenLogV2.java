package syna.storage.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.Namespace;
import syna.api.WriteBatch;

/**
 * Writes the golden log of format version 2 ({@code src/test/resources/golden/log-v2/}): run once
 * with a target directory; {@link GoldenFormatTest} opens what it wrote. A test utility, not a test.
 */
public final class GoldenLogV2 {
    private GoldenLogV2() {}

    static void write(Path dir) {
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.ALWAYS).build(),
                EngineHooks.NONE)) {
            db.putText("u", "user key");
            Namespace reg = db.namespace("mlops.registry");
            reg.putText("u", "namespace key");
            reg.putInt("n", 1);
            Namespace gone = db.namespace("gone");
            gone.putInt("x", 1);
            db.dropNamespace("gone");
            db.namespace("gone").putInt("y", 2); // a new namespace under the old name: new id
            long[] t = new long[100];
            double[] v = new double[100];
            for (int i = 0; i < 100; i++) {
                t[i] = 1_700_000_000_000_000L + i * 1_000_000L;
                v[i] = Math.round(2000 + 500 * Math.sin(i / 10.0)) / 100.0;
            }
            db.putFloats("sensor", t, v);
            reg.putInts("ints", new long[] {5, 6, 7}, new long[] {-1, 0, 1});
            WriteBatch b = WriteBatch.create().putInt("batch/u", 1);
            b.in("mlops.registry").putText("batch/n", "both");
            db.write(b);
        }
    }

    /** Writes the golden log into {@code args[0]} (its LOCK file removed). */
    public static void main(String[] args) throws java.io.IOException {
        Path dir = Path.of(args[0]);
        write(dir);
        Files.deleteIfExists(dir.resolve("LOCK"));
    }
}
