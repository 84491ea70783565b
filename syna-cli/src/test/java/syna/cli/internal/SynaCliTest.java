package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.Syna;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;
import syna.cli.internal.CliRunner.Result;

/** Every subcommand, in-process, against a real database in a temporary directory. */
class SynaCliTest {
    @TempDir
    Path tmp;

    private Path db;

    @BeforeEach
    void setUp() {
        assertTrue(Providers.find(StorageEngineProvider.class, "log").isPresent(),
                "needs the 'log' storage engine (module syna.storage, a runtime dependency) on the test path");
        db = tmp.resolve("db");
    }

    private static Result ok(String... args) {
        Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    private static Result fails(int exit, String errContains, String... args) {
        Result r = CliRunner.run(args);
        assertEquals(exit, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: "), r::toString);
        assertTrue(r.err().contains(errContains), () -> "expected '" + errContains + "' in\n" + r);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace without --verbose\n" + r);
        return r;
    }

    private String d() {
        return db.toString();
    }

    @Test
    void putAndGetEveryType() {
        assertEquals("put t = float64 21.5\n", ok("put", d(), "t", "21.5", "--type", "float").out());
        ok("put", d(), "n", "-42", "-t", "int");
        ok("put", d(), "big", "9223372036854775807", "-t", "int64");
        ok("put", d(), "s", "hello, world", "-t", "text");
        ok("put", d(), "b64", "AAH/", "-t", "bytes");
        ok("put", d(), "hex", "hex:00ff10", "-t", "bytes");
        ok("put", "--db", d(), "v", "0.5,-1,3e2", "-t", "vector");
        ok("put", d(), "nan", "NaN", "-t", "float");

        assertEquals("float64 21.5\n", ok("get", d(), "t").out());
        assertEquals("int64 -42\n", ok("get", d(), "n").out());
        assertEquals("int64 9223372036854775807\n", ok("get", d(), "big").out());
        assertEquals("text hello, world\n", ok("get", d(), "s").out());
        assertEquals("bytes AAH/\n", ok("get", d(), "b64").out());
        assertEquals("bytes 00ff10\n", ok("get", d(), "hex", "--hex").out());
        assertEquals("vector 0.5,-1.0,300.0\n", ok("get", "--db", d(), "v").out());
        assertEquals("float64 NaN\n", ok("get", d(), "nan").out());
        assertEquals("21.5\n", ok("get", d(), "t", "--value-only").out());
        assertEquals("{\"key\":\"v\",\"type\":\"vector\",\"value\":[0.5,-1.0,300.0]}\n", ok("get", d(), "v", "--json").out());
    }

    @Test
    void badInputGivesOneLineErrors() {
        ok("put", d(), "k", "1", "-t", "int");
        fails(15, "key 'missing' not found", "get", d(), "missing");
        fails(2, "unknown type 'decimal'", "put", d(), "k", "1", "-t", "decimal");
        fails(2, "Missing required option: '--type=TYPE'", "put", d(), "k", "1");
        fails(22, "invalid float64 value for key 'k' 'abc'", "put", d(), "k", "abc", "-t", "float");
        fails(22, "out of range", "put", d(), "k", "1e999", "-t", "float");
        fails(22, "invalid int64", "put", d(), "k", "1.5", "-t", "int");
        fails(22, "invalid int64", "put", d(), "k", "9223372036854775808", "-t", "int");
        fails(22, "invalid bytes", "put", d(), "k", "hex:zz", "-t", "bytes");
        fails(22, "invalid float32 vector value for key 'k' component 1 ''", "put", d(), "k", "1,,2", "-t", "vector");
        fails(22, "invalid vector", "put", d(), "k", "[]", "-t", "vector");
        fails(2, "expected KEY VALUE", "put", d(), "k", "-t", "int");
        fails(2, "missing database directory", "keys");
        fails(2, "Unmatched argument", "bogus");
        fails(11, "", "info", tmp.resolve("nowhere").toString());
        assertEquals("int64 1\n", ok("get", d(), "k").out(), "failed puts wrote nothing");
    }

    @Test
    void verboseShowsTheStackTrace() {
        ok("put", d(), "k", "1", "-t", "int");
        Result r = CliRunner.run("get", d(), "missing", "--verbose");
        assertEquals(15, r.exit());
        assertTrue(r.err().startsWith("error: key 'missing' not found"), r::toString);
        assertTrue(r.err().contains("KeyNotFoundException") && r.err().contains("\tat "), r::toString);
    }

    @Test
    void keysByPrefixAndGlob() {
        for (String k : List.of("sensor/a", "sensor/b", "other/c", "sensor/ab")) {
            ok("put", d(), k, "1", "-t", "int");
        }
        assertEquals("other/c\nsensor/a\nsensor/ab\nsensor/b\n", ok("keys", d()).out());
        assertEquals("sensor/a\nsensor/ab\nsensor/b\n", ok("keys", d(), "--prefix", "sensor/").out());
        assertEquals("sensor/a\nsensor/b\n", ok("keys", "--db", d(), "--glob", "sensor/?").out());
        assertEquals("4\n", ok("keys", d(), "--count").out());
        fails(2, "mutually exclusive", "keys", d(), "--prefix", "a", "--glob", "b");
    }

    @Test
    void historyInEveryFormat() {
        ok("put", d(), "h", "1.5", "-t", "float");
        ok("put", d(), "h", "2.5", "-t", "float");
        ok("put", d(), "h", "say \"hi\", ok", "-t", "text");

        List<String> table = ok("history", d(), "h").out().lines().toList();
        assertEquals(4, table.size(), table::toString);
        assertTrue(table.get(0).startsWith("#"), table::toString);
        assertTrue(table.get(1).matches("1 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z +float64 +1\\.5"), table::toString);

        List<String> csv = ok("history", d(), "h", "--format", "csv").out().lines().toList();
        assertEquals("time,micros,type,value", csv.get(0));
        assertTrue(csv.get(3).endsWith(",text,\"say \"\"hi\"\", ok\""), csv::toString);

        String json = ok("history", d(), "h", "-f", "json").out();
        assertTrue(json.startsWith("[{\"key\":\"h\",\"time\":\""), json);
        assertTrue(json.contains("\"type\":\"float64\",\"value\":2.5}"), json);

        assertEquals(2, ok("history", d(), "h", "--last", "1").out().lines().count());
        fails(2, "unknown --format 'xml'", "history", d(), "h", "--format", "xml");
        fails(15, "not found", "history", d(), "nothing");
    }

    @Test
    void deleteKeepsHistory() {
        ok("put", d(), "k", "1", "-t", "int");
        assertEquals("deleted k\n", ok("delete", d(), "k").out());
        fails(15, "key 'k' not found", "get", d(), "k");
        fails(15, "nothing deleted", "delete", d(), "k");
        ok("delete", d(), "k", "--if-exists");
        List<String> history = ok("history", d(), "k", "-f", "csv").out().lines().toList();
        assertEquals(3, history.size(), history::toString);
        assertTrue(history.get(2).contains(",null,"), history::toString);
    }

    @Test
    void infoAndStats() {
        ok("put", d(), "sensor/1", "1", "-t", "int");
        ok("put", d(), "sensor/1", "2", "-t", "int");
        ok("put", d(), "name", "x", "-t", "text");
        String info = ok("info", d()).out();
        for (String field : List.of("path", "engine", "format version", "values", "keys", "file bytes",
                "durability", "codecs", "top prefixes")) {
            assertTrue(info.contains(field), () -> field + " missing in\n" + info);
        }
        assertTrue(info.lines().anyMatch(l -> l.matches("engine +log \\(format version 2\\)")), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("keys +2 live, 0 deleted")), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("values +3")), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("codecs +none .*")), info);
        assertTrue(info.contains("sensor/ (1)"), info);
        String stats = ok("stats", "--db", d()).out();
        assertTrue(stats.lines().anyMatch(l -> l.matches("values +3")), stats);
        assertTrue(stats.lines().anyMatch(l -> l.matches("live keys +2")), stats);
        assertTrue(stats.lines().noneMatch(l -> l.contains("entries")), stats);
    }

    @Test
    void compactWithRetention() {
        for (int i = 0; i < 5; i++) {
            ok("put", d(), "k", Integer.toString(i), "-t", "int");
        }
        String out = ok("compact", d(), "--keep", "last:2").out();
        assertTrue(out.startsWith("compacted "), out);
        assertEquals(3, ok("history", d(), "k").out().lines().count(), "header + 2 entries");
        assertEquals("int64 4\n", ok("get", d(), "k").out());
        ok("compact", d(), "--keep", "none");
        assertEquals(2, ok("history", d(), "k").out().lines().count());
        ok("compact", d());
        fails(2, "not all, none or last:N", "compact", d(), "--keep", "last:0");
        fails(2, "not all, none or last:N", "compact", d(), "--keep", "some");
    }

    @Test
    void verifyReportsCorruption() throws IOException {
        try (Database writer = Syna.open(db)) {
            for (int i = 0; i < 200; i++) {
                writer.putText("k" + i, "value number " + i);
            }
        }
        assertTrue(ok("verify", d()).out().startsWith("OK: "));

        // The log is the file verify checks; the checkpoint beside it is rebuilt from the log when damaged.
        Path log;
        try (Stream<Path> files = Files.walk(db)) {
            log = files.filter(p -> p.getFileName().toString().equals("data.log")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(log, bytes);

        Result r = CliRunner.run("verify", d());
        assertEquals(17, r.exit(), r::toString);
        assertTrue(r.out().contains("problem: "), r::toString);
        assertTrue(r.out().contains("@"), r::toString);
        assertTrue(r.out().contains("FAILED"), r::toString);

        // Without --salvage the damaged database does not open; with it, read-only commands skip the
        // damaged ranges and leave the file as it is, so the rest can be exported.
        fails(17, "corrupt file", "keys", d(), "--count");
        Result rescued = CliRunner.run("export", d(), "-", "--salvage");
        assertEquals(0, rescued.exit(), rescued::toString);
        long lines = rescued.out().lines().count();
        assertTrue(lines > 150 && lines < 200, rescued::toString);
        assertEquals(bytes.length, Files.size(log), "salvage in read-only mode leaves the file as is");
    }

    @Test
    void exportImportRoundTripsEveryType() throws IOException {
        List<Atom> values = List.of(Atom.of(21.5), Atom.of(-0.0), Atom.of(Double.NaN), Atom.of(Double.NEGATIVE_INFINITY),
                Atom.of(Double.longBitsToDouble(0x7ff8_0000_0000_00ffL)), Atom.of(Long.MIN_VALUE), Atom.of(Long.MAX_VALUE),
                Atom.of("multi\nline \"quoted\" é 😀"), Atom.of(""), Atom.of(new byte[] {0, 1, -1}), Atom.of(new byte[0]),
                Atom.of(new float[] {1.5f, Float.NaN, Float.POSITIVE_INFINITY, -0.0f, 1e-45f}));
        try (Database source = Syna.open(db)) {
            for (int i = 0; i < values.size(); i++) {
                source.put("k/" + i, values.get(i));
            }
            source.putFloats("series", new double[] {1, 2, 3});
            source.putText("gone", "x");
            source.delete("gone");
        }
        Path file = tmp.resolve("out.jsonl");
        assertEquals("exported 13 keys to " + file + "\n", ok("export", d(), file.toString()).out());
        assertEquals(13, Files.readAllLines(file, StandardCharsets.UTF_8).size());

        Path copy = tmp.resolve("copy");
        assertEquals("imported 13 of 13 entries from " + file + "\n", ok("import", copy.toString(), file.toString()).out());
        try (Database target = Syna.open(copy)) {
            assertEquals(13, target.size());
            for (int i = 0; i < values.size(); i++) {
                assertEquals(values.get(i), target.get("k/" + i).orElseThrow(), "k/" + i);
            }
            assertEquals(3.0, target.getFloat("series"));
            assertFalse(target.exists("gone"));
            assertEquals(0x7ff8_0000_0000_00ffL, Double.doubleToRawLongBits(target.getFloat("k/4")));
        }
        // Exporting the copy gives the same file, byte for byte.
        Path again = tmp.resolve("again.jsonl");
        ok("export", copy.toString(), again.toString());
        assertEquals(Files.readString(file), Files.readString(again));
    }

    @Test
    void namespacesAreApartFromUserKeysAndShownOnRequest() throws IOException {
        try (Database source = Syna.open(db)) {
            source.putText("doc/1", "hello");
            source.namespace("mlops.registry").putInt("_modelidx/n", 1);
            source.namespace("mlops.registry").putFloats("s", new double[] {1, 2});
            source.namespace("vector.docs").putText("doc/1", "in a namespace");
        }
        assertEquals("doc/1\n", ok("keys", d()).out());
        assertEquals("1\n", ok("keys", d(), "--count").out());
        assertEquals("_modelidx/n\ns\n", ok("keys", d(), "--namespace", "mlops.registry").out());
        assertEquals("\tdoc/1\nmlops.registry\t_modelidx/n\nmlops.registry\ts\nvector.docs\tdoc/1\n",
                ok("keys", d(), "--all").out());
        assertEquals("4\n", ok("keys", d(), "--all", "--count").out());
        fails(ExitCodes.of(syna.api.ErrorCode.KEY_NOT_FOUND), "no namespace 'nope'", "keys", d(), "--namespace", "nope");
        assertEquals("text in a namespace\n", ok("get", d(), "doc/1", "-N", "vector.docs").out());
        assertTrue(ok("history", d(), "s", "-N", "mlops.registry").out().contains("float64"));
        String info = ok("info", d()).out();
        assertTrue(info.contains("mlops.registry (2 keys), vector.docs (1 key)"), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("keys +1 live, 0 deleted")), info);

        Path file = tmp.resolve("all.jsonl");
        ok("export", d(), file.toString(), "--all", "--history");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("{\"namespace\":\"mlops.registry\",\"key\":\"_modelidx/n\""), lines.get(1));
        Path copy = tmp.resolve("copy");
        ok("import", copy.toString(), file.toString());
        try (Database target = Syna.open(copy)) {
            assertEquals(List.of("doc/1"), target.keys());
            assertEquals(List.of("mlops.registry", "vector.docs"), target.namespaces());
            assertEquals(2, target.namespace("mlops.registry").historyAsDoubles("s").length);
            assertEquals("in a namespace", target.namespace("vector.docs").getText("doc/1"));
        }
        Path one = tmp.resolve("one.jsonl");
        ok("export", d(), one.toString(), "--namespace", "vector.docs");
        assertEquals(List.of("{\"key\":\"doc/1\",\"type\":\"text\",\"value\":\"in a namespace\"}"),
                Files.readAllLines(one, StandardCharsets.UTF_8));
    }

    @Test
    void historyByTimeRange() {
        long t0 = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
        try (Database source = Syna.open(db)) {
            long[] t = new long[10];
            double[] v = new double[10];
            for (int i = 0; i < 10; i++) {
                t[i] = t0 + i * 60_000_000L;
                v[i] = i;
            }
            source.putFloats("s", t, v);
        }
        String out = ok("history", d(), "s", "--from", "2026-01-01T00:03:00Z", "--to", "2026-01-01T00:05:00Z",
                "--format", "csv").out();
        assertEquals("time,micros,type,value\n2026-01-01T00:03:00Z," + (t0 + 180_000_000L) + ",float64,3.0\n"
                + "2026-01-01T00:04:00Z," + (t0 + 240_000_000L) + ",float64,4.0\n", out);
        assertTrue(ok("history", d(), "s", "--from", Long.toString(t0 + 420_000_000L), "--last", "1").out()
                .contains("9.0"));
        assertTrue(ok("history", d(), "s", "--to", "2026-01-01").out().startsWith("#"), "no entries before the day");
        fails(ExitCodes.USAGE, "neither microseconds", "history", d(), "s", "--from", "yesterday");
        fails(ExitCodes.USAGE, "is after", "history", d(), "s", "--from", "2026-02-01", "--to", "2026-01-01");
        fails(ExitCodes.of(syna.api.ErrorCode.KEY_NOT_FOUND), "no history", "history", d(), "nope", "--from", "0");
    }

    @Test
    void exportImportWithHistory() throws IOException {
        try (Database source = Syna.open(db)) {
            source.putFloats("s", new double[] {1, 2, 3});
            source.putText("t", "a");
            source.delete("t");
            source.putText("t", "b");
            source.putText("gone", "x");
            source.delete("gone");
            source.putFloat("m", 1);
            source.putInt("m", 2);
            source.putFloats("m", new double[] {Double.NaN, 4});
            source.delete("m");
            source.putInts("m", new long[] {5, 6});
            source.putFloat("s", 7);
        }
        Path file = tmp.resolve("history.jsonl");
        // The history of live keys: a key deleted for good is not listed by keys().
        String out = ok("export", d(), file.toString(), "--history").out();
        assertTrue(out.startsWith("exported 14 history entries"), out);
        Path copy = tmp.resolve("copy");
        ok("import", copy.toString(), file.toString());
        try (Database target = Syna.open(copy)) {
            assertEquals(4, target.historyAsDoubles("s").length);
            List<Atom> m = target.history("m").stream().map(syna.api.HistoryEntry::value).toList();
            assertEquals(List.of(Atom.of(1.0), Atom.of(2L), Atom.of(Double.NaN), Atom.of(4.0), Atom.ofNull(), Atom.of(5L),
                    Atom.of(6L)), m);
            List<Atom> t = target.history("t").stream().map(syna.api.HistoryEntry::value).toList();
            assertEquals(List.of(Atom.of("a"), Atom.ofNull(), Atom.of("b")), t);
            assertFalse(target.exists("gone"));
        }
        String stdout = ok("export", d(), "-", "--prefix", "s").out();
        assertEquals(1, stdout.lines().count(), stdout);
    }

    @Test
    void importRejectsBadFilesWithLineNumbersAndWritesNothing() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, """
                {"key":"a","type":"int64","value":1}

                {"key":"b","type":"int64","value":2
                """);
        Result r = fails(14, "bad.jsonl: line 3, column 36: ",
                "import", d(), bad.toString());
        assertEquals("", r.out());

        Files.writeString(bad, "{\"key\":\"a\",\"type\":\"int64\",\"value\":1}\n{\"key\":\"b\",\"type\":\"int64\",\"value\":2.5}\n");
        fails(14, "line 2: int64 value 2.5 of key \"b\" is not a whole number", "import", d(), bad.toString());

        Files.writeString(bad, "{\"key\":\"a\",\"type\":\"float64\",\"value\":\"1.5\"}\n");
        fails(14, "line 1: \"1.5\" of key \"a\" is not a number", "import", d(), bad.toString());

        fails(13, "does not exist", "import", d(), tmp.resolve("missing.jsonl").toString());

        ok("put", d(), "z", "1", "-t", "int");
        assertEquals("z\n", ok("keys", d()).out(), "rejected imports wrote nothing");
    }

    @Test
    void providersListsEverySpi() {
        String out = ok("providers").out();
        for (String s : List.of("StorageEngineProvider (default: log)", "CodecProvider", "lz4", "none",
                "VectorIndexProvider", "VectorKernelsProvider", "GpuBackendProvider", "problems: ")) {
            assertTrue(out.contains(s), () -> s + " missing in\n" + out);
        }
    }

    @Test
    void demoRunsEndToEnd() {
        String out = ok("demo", "--db", d(), "--sensors", "2", "--points", "500").out();
        for (String step : List.of("putFloats", "historyAsDoubles", "all match", "verify", "OK:", "compact", "total")) {
            assertTrue(out.contains(step), () -> step + " missing in\n" + out);
        }
        assertEquals(501, ok("history", d(), "demo/greenhouse-1/temperature", "-f", "csv").out().lines().count());
        // A second run appends to the same series.
        ok("demo", d(), "--sensors", "2", "--points", "500");
        assertEquals(1001, ok("history", d(), "demo/greenhouse-1/temperature", "-f", "csv").out().lines().count());
        fails(2, "--sensors must be in", "demo", d(), "--sensors", "0");
    }

    @Test
    void lz4CodecWritesReadableDatabase() {
        String text = "compressible ".repeat(100);
        ok("put", d(), "big", text, "-t", "text", "--codec", "lz4");
        assertEquals("text " + text + "\n", ok("get", d(), "big").out());
        // The codec is the file's: read-only commands take no --codec, and info names what the file uses.
        fails(2, "Unknown option: '--codec'", "get", d(), "big", "--codec", "lz4");
        assertTrue(ok("info", d()).out().lines().anyMatch(l -> l.matches("codecs +lz4")), () -> ok("info", d()).out());
    }
}
