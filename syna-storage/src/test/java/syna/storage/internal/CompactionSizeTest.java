package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryRetention;
import syna.api.KeySpace;
import syna.api.WriteBatch;

/**
 * A compaction never grows the file, and keeps every entry (value and time) it is asked to keep:
 * on the demo's workload run twice (which grew 152.4 KiB to 230.3 KiB before: two putFloats runs of
 * one key merged into per-point times) and on seeded random workloads of every kind of write.
 * Set the seed with {@code -Dsyna.tests.seed}.
 */
class CompactionSizeTest {
    @TempDir
    Path tmp;

    private static long seed() {
        String s = System.getProperty("syna.tests.seed", "");
        return s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    private static Database open(Path dir) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    /** Every key space's every key with its whole history (times and values). */
    private static Map<String, List<HistoryEntry>> state(Database db) {
        Map<String, List<HistoryEntry>> m = new TreeMap<>();
        List<KeySpace> spaces = new ArrayList<>();
        spaces.add(db);
        db.namespaces().forEach(n -> spaces.add(db.namespace(n)));
        for (int s = 0; s < spaces.size(); s++) {
            KeySpace ks = spaces.get(s);
            LogKeySpace lks = (LogKeySpace) ks;
            for (String k : lks.readSpace(((LogDatabase) db).generation()).index.keys()) {
                m.put(s + ":" + k, ks.history(k));
            }
        }
        return m;
    }

    private static long size(Path dir) throws IOException {
        return Files.size(dir.resolve("data.log"));
    }

    /** The demo's writes: four sensor series by putFloats, two texts, a counter, a vector. */
    private static void demo(Database db, Random r, int points) {
        for (int s = 0; s < 4; s++) {
            double[] v = new double[points];
            double x = 20 + s;
            for (int i = 0; i < points; i++) {
                x += r.nextGaussian() * 0.05;
                v[i] = Math.round(x * 100) / 100.0;
            }
            db.putFloats("demo/greenhouse-" + s, v);
        }
        db.putText("demo/site/name", "North greenhouse site");
        db.putText("demo/site/notes", "Sensors sample once a minute.");
        db.putInt("demo/site/restarts", db.exists("demo/site/restarts") ? db.getInt("demo/site/restarts") + 1 : 0);
        float[] e = new float[16];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) r.nextGaussian();
        }
        db.putVector("demo/site/embedding", e);
    }

    @Test
    void theDemoRunTwiceDoesNotGrowOnCompaction() throws IOException {
        for (int points : new int[] {1_000, 10_000}) {
            Path dir = tmp.resolve("demo" + points);
            Random r = new Random(42);
            for (int run = 0; run < 3; run++) {
                try (Database db = open(dir)) {
                    demo(db, r, points);
                    db.sync();
                    long before = size(dir);
                    Map<String, List<HistoryEntry>> s = state(db);
                    CompactionResult c = db.compact();
                    assertTrue(c.bytesAfter() <= c.bytesBefore(), points + " points, run " + run + ": " + c);
                    assertTrue(size(dir) <= before, points + " points, run " + run + ": " + before + " -> " + size(dir));
                    assertEquals(s, state(db));
                }
            }
        }
    }

    private static void randomWrites(Database db, Random r, int ops, long[] clock) {
        List<String> keys = List.of("f", "i", "t", "b", "v", "s", "mixed");
        for (int n = 0; n < ops; n++) {
            KeySpace ks = r.nextInt(4) == 0 ? db.namespace(r.nextBoolean() ? "ns.a" : "ns.b") : db;
            String key = keys.get(r.nextInt(keys.size())) + r.nextInt(3);
            switch (r.nextInt(12)) {
                case 0, 1 -> ks.putFloat(key, r.nextBoolean() ? Math.round(r.nextGaussian() * 1000) / 100.0
                        : r.nextGaussian());
                case 2 -> ks.putInt(key, r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100));
                case 3 -> {
                    double[] v = new double[1 + r.nextInt(r.nextInt(10) == 0 ? 70_000 : 50)];
                    int digits = r.nextInt(4);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = digits == 3 ? r.nextGaussian() : Math.round(r.nextGaussian() * 1000) / Math.pow(10, digits);
                    }
                    ks.putFloats(key, v);
                }
                case 4 -> {
                    int len = 1 + r.nextInt(200);
                    long[] t = new long[len];
                    long[] v = new long[len];
                    long step = r.nextBoolean() ? 1_000_000 : 1 + r.nextInt(5_000);
                    for (int i = 0; i < len; i++) {
                        clock[0] += r.nextInt(5) == 0 ? r.nextInt(3_000) : step;
                        t[i] = clock[0];
                        v[i] = r.nextInt(1000);
                    }
                    try {
                        ks.putInts("per-point/" + key, t, v);
                    } catch (syna.api.InvalidArgumentException e) {
                        // times before the key's latest entry (a clock write stamped it later): rejected, as documented
                    }
                }
                case 5 -> ks.putText(key, "text ".repeat(r.nextInt(r.nextInt(10) == 0 ? 2_000 : 10)));
                case 6 -> {
                    byte[] b = new byte[r.nextInt(r.nextInt(10) == 0 ? 20_000 : 30)];
                    r.nextBytes(b);
                    ks.putBytes(key, b);
                }
                case 7 -> ks.putVector(key, new float[] {r.nextFloat(), r.nextFloat()});
                case 8 -> ks.delete(key);
                case 9 -> {
                    WriteBatch b = WriteBatch.create();
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        (r.nextBoolean() ? b : b.in("ns.a")).putFloat(keys.get(r.nextInt(keys.size())) + i,
                                r.nextInt(100) / 4.0);
                    }
                    db.write(b);
                }
                case 10 -> {
                    if (r.nextInt(8) == 0) {
                        db.dropNamespace("ns.b");
                    }
                }
                default -> ks.putInts(key, new long[] {r.nextInt(10), r.nextInt(10), r.nextInt(10)});
            }
        }
    }

    @Test
    void randomWorkloadsNeverGrowAndKeepEveryEntry() throws IOException {
        long seed = seed();
        Random seeds = new Random(seed);
        for (int w = 0; w < 25; w++) {
            long s = seeds.nextLong();
            Random r = new Random(s);
            Path dir = tmp.resolve("w" + w);
            long[] clock = {4_000_000_000_000_000L};
            try (Database db = open(dir)) {
                for (int round = 0; round < 3; round++) {
                    randomWrites(db, r, 150, clock);
                    db.sync();
                    long before = size(dir);
                    Map<String, List<HistoryEntry>> state = state(db);
                    CompactionResult c = round == 2 && r.nextBoolean()
                            ? db.compact(HistoryRetention.lastN(1 + r.nextInt(3)))
                            : db.compact(HistoryRetention.all());
                    String where = "seed " + seed + " (-Dsyna.tests.seed=" + seed + "), workload " + w + " round " + round;
                    assertTrue(size(dir) <= before, where + ": " + before + " -> " + size(dir) + " bytes");
                    if (c.retention().keepsAll()) {
                        assertEquals(state, state(db), where);
                    }
                }
            }
            try (Database db = open(dir)) {
                assertTrue(db.verify().ok());
            }
        }
    }
}
