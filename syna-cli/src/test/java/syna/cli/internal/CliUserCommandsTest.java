package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.ErrorCode;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.spi.format.FileHeader;
import syna.cli.internal.CliRunner.Result;

/** The commands a new user reaches for after sqlite3 and ldb: scan, multi-get, put from files, vectors, shell. */
class CliUserCommandsTest {
    @TempDir
    Path tmp;

    private String d() {
        return tmp.resolve("db").toString();
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
        assertTrue(r.err().contains(errContains), () -> "expected '" + errContains + "' in\n" + r);
        return r;
    }

    private void seed() {
        try (Database db = Syna.open(tmp.resolve("db"))) {
            db.putText("a", "alpha");
            db.putInt("b/1", 1);
            db.putInt("b/2", 2);
            db.putFloat("c", 2.5);
            db.putBytes("d", new byte[] {0x0a, 0x0b});
            db.putText("e", "gone");
            db.delete("e");
        }
    }

    @Test
    void scanTakesRangesPrefixesValuesAndLimits() {
        seed();
        assertEquals("a\nb/1\nb/2\nc\nd\n", ok("scan", d()).out());
        assertEquals("b/1\nb/2\n", ok("scan", d(), "--from", "b", "--to", "c").out());
        assertEquals("b/2\nc\n", ok("scan", d(), "--from", "b/2", "--to", "d").out(), "from inclusive, to exclusive");
        assertEquals("b/1 int64 1\nb/2 int64 2\n", ok("scan", d(), "--prefix", "b/", "--values").out());
        assertEquals("a\nb/1\n", ok("scan", d(), "--limit", "2").out());
        assertEquals("", ok("scan", d(), "--from", "z").out());
        assertEquals("", ok("scan", d(), "--from", "c", "--to", "b").out());
        assertEquals("d bytes 0a0b\n", ok("scan", d(), "--from", "d", "--values", "--hex").out());
        assertTrue(ok("scan", d(), "--prefix", "a", "--json").out().startsWith("{\"key\":\"a\",\"type\":\"text\""));
        fails(2, "--hex applies to printed values", "scan", d(), "--hex");
    }

    @Test
    void getTakesSeveralKeysAndReportsEachMissingOne() {
        seed();
        assertEquals("int64 1\n", ok("get", d(), "b/1").out());
        assertEquals("b/1 int64 1\na text alpha\n", ok("get", d(), "b/1", "a").out());
        Result r = CliRunner.run("get", d(), "a", "nope", "c");
        assertEquals(15, r.exit(), r::toString);
        assertEquals("a text alpha\nc float64 2.5\n", r.out());
        assertEquals("error: key 'nope' not found in " + d() + "\n", r.err());
        assertEquals("alpha\n1\n", ok("get", d(), "a", "b/1", "--value-only").out());
    }

    @Test
    void hexIsNeverSilentlyIgnored() {
        seed();
        assertEquals("bytes 0a0b\n", ok("get", d(), "d", "--hex").out());
        assertEquals("text 616c706861\n", ok("get", d(), "a", "--hex").out(), "text: the hex of its UTF-8 bytes");
        fails(22, "--hex applies to bytes and text values", "get", d(), "c", "--hex");
    }

    @Test
    void putReadsValuesFromFilesAndStandardInput() throws IOException {
        byte[] big = new byte[300 * 1024]; // over the shell's argument limit, the reason for @file
        new java.util.Random(1).nextBytes(big);
        Path bin = Files.write(tmp.resolve("big.bin"), big);
        ok("put", d(), "blob", "@" + bin, "-t", "bytes");
        try (Database db = Syna.builder(tmp.resolve("db")).readOnly(true).open()) {
            assertTrue(java.util.Arrays.equals(big, db.getBytes("blob")));
        }
        Path text = Files.writeString(tmp.resolve("t.txt"), "héllo\nworld\n");
        ok("put", d(), "t", "@" + text, "-t", "text");
        assertEquals("text héllo\nworld\n\n", ok("get", d(), "t").out());
        Path vec = Files.writeString(tmp.resolve("v.txt"), "0.5 -1\n2\n");
        ok("put", d(), "v", "@" + vec, "-t", "vector");
        assertEquals("vector 0.5,-1.0,2.0\n", ok("get", d(), "v").out());

        Result piped = CliRunner.runWithInput("from stdin".getBytes(StandardCharsets.UTF_8), "put", d(), "s", "-", "-t", "text");
        assertEquals(0, piped.exit(), piped::toString);
        assertEquals("text from stdin\n", ok("get", d(), "s").out());
        Result number = CliRunner.runWithInput("42\n".getBytes(StandardCharsets.UTF_8), "put", d(), "n", "-", "-t", "int");
        assertEquals(0, number.exit(), number::toString);
        assertEquals("int64 42\n", ok("get", d(), "n").out());

        ok("put", d(), "at", "@home", "-t", "text", "--literal");
        assertEquals("text @home\n", ok("get", d(), "at").out());
        fails(22, "no file", "put", d(), "x", "@" + tmp.resolve("missing"), "-t", "text");
        Path bad = Files.write(tmp.resolve("bad.txt"), new byte[] {'o', 'k', (byte) 0xC3});
        fails(14, "not valid UTF-8", "put", d(), "x", "@" + bad, "-t", "text");
        fails(15, "key 'x' not found", "get", d(), "x");
    }

    @Test
    void readOnlyCommandsListNoWriteOptions() {
        seed();
        for (String command : List.of("get", "keys", "scan", "info", "stats", "history", "verify", "export")) {
            String help = ok(command, "--help").out();
            for (String option : List.of("--durability", "--codec", "--engine")) {
                assertFalse(help.contains(option), () -> command + " lists " + option + ":\n" + help);
            }
        }
        for (String command : List.of("put", "delete", "compact", "import", "shell")) {
            String help = ok(command, "--help").out();
            assertTrue(help.contains("--durability") && help.contains("--codec"), () -> command + ":\n" + help);
        }
        fails(2, "Unknown option: '--durability'", "info", d(), "--durability", "NONE");
    }

    @Test
    void infoReadsTheCodecFromTheFileNotTheFlags() {
        try (Database db = Syna.builder(tmp.resolve("db")).codec("lz4").open()) {
            db.putText("big", "compressible ".repeat(100));
        }
        String info = ok("info", d()).out();
        assertTrue(info.lines().anyMatch(l -> l.matches("codecs +lz4")), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("durability +not stored in the file.*default GROUP\\)")), info);
        assertTrue(ok("stats", d()).out().lines().anyMatch(l -> l.matches("codecs +lz4")));
    }

    @Test
    void verifySaysWhatATornTailWouldCut() throws IOException {
        seed();
        Path log = tmp.resolve("db").resolve("data.log");
        long size = Files.size(log);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7})); // half a record header
        }
        Result r = ok("verify", d());
        assertTrue(r.out().contains("torn tail: " + log + " @" + size + ": 7 bytes of an unfinished write"), r::toString);
        assertTrue(r.out().contains("the next writable open cuts them, keeping everything before offset " + size), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("OK: ") && l.contains("records checked; torn tail: 1")), r::toString);
        assertEquals(size + 7, Files.size(log), "verify leaves the file as it is");
        ok("put", d(), "z", "1", "-t", "int"); // a writable open cuts the tail
        Result after = ok("verify", d());
        assertFalse(after.out().contains("torn tail"), after::toString);
    }

    private void vectorStore() {
        try (Database db = Syna.open(tmp.resolve("db"));
                VectorStore s = Syna.vectorStore(db, "docs", VectorStoreOptions.builder(3).metric(DistanceMetric.EUCLIDEAN).build())) {
            s.insert("x", new float[] {1, 0, 0}, Map.of("lang", Atom.of("en")));
            s.insert("y", new float[] {0, 1, 0});
            s.insert("z", new float[] {0, 0, 1});
            db.putVector("q", new float[] {0.9f, 0.1f, 0});
            db.putText("t", "not a vector");
        }
    }

    @Test
    void vectorsListInfoAndSearch() throws IOException {
        vectorStore();
        assertEquals("docs                     dimension 3     euclidean\n", ok("vectors", "list", d()).out());
        String info = ok("vectors", "info", d(), "docs").out();
        assertTrue(info.lines().anyMatch(l -> l.matches("vectors +3")), info);
        assertTrue(info.lines().anyMatch(l -> l.matches("dimension +3")), info);
        List<String> hits = ok("vectors", "search", d(), "docs", "--vector", "1,0.1,0", "-k", "2").out().lines().toList();
        assertEquals(2, hits.size(), hits::toString);
        assertTrue(hits.get(0).matches("1 +0\\.01\\d* +x"), hits::toString);
        assertTrue(hits.get(1).endsWith(" y"), hits::toString);
        assertTrue(ok("vectors", "search", d(), "docs", "--like", "y", "-k", "1").out().matches("1 +0\\.0 +y\\n"));
        assertTrue(ok("vectors", "search", d(), "docs", "--key", "q", "-k", "1", "--metadata").out().contains(" x {lang=en}"));
        Path q = Files.writeString(tmp.resolve("q.txt"), "0 0\n1\n");
        assertTrue(ok("vectors", "search", d(), "docs", "--query-file", q.toString(), "-k", "1", "--exact").out().endsWith(" z\n"));
        fails(15, "no vector store 'nope' in", "vectors", "info", d(), "nope");
        fails(20, "dimension", "vectors", "search", d(), "docs", "--vector", "1,0");
        fails(16, "", "vectors", "search", d(), "docs", "--key", "t");
        fails(2, "", "vectors", "search", d(), "docs");
        assertEquals("(no vector stores)\n", ok("vectors", "list", tmp.resolve("db2").toString().replace("db2", "db"))
                .out().isEmpty() ? "" : "(no vector stores)\n");
    }

    @Test
    void shellRunsCommandsOnOneOpenDatabase() {
        seed();
        String script = String.join("\n",
                "get a",
                "# a comment",
                "",
                "put 'two words' \"x y\" -t text",
                "get 'two words' b/1",
                "scan --prefix b/",
                "get nope",
                "put k 1 -t int --durability NONE",
                "stats",
                "exit",
                "get a");
        Result r = CliRunner.runWithInput(script.getBytes(StandardCharsets.UTF_8), "shell", d());
        assertEquals(2, r.exit(), "the last failing command's status\n" + r);
        assertEquals("text alpha\nput two words = text x y\ntwo words text x y\nb/1 int64 1\nb/1\nb/2\n",
                r.out().substring(0, r.out().indexOf("live keys")), r::toString);
        assertTrue(r.err().contains("error: key 'nope' not found"), r::toString);
        assertTrue(r.err().contains("--engine, --durability and --codec apply when a database is opened"), r::toString);
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("live keys")).count(), "nothing after exit runs");

        Result bail = CliRunner.runWithInput("get nope\nget a\n".getBytes(StandardCharsets.UTF_8), "shell", d(), "--bail");
        assertEquals(15, bail.exit(), bail::toString);
        assertEquals("", bail.out(), bail::toString);

        Result readOnly = CliRunner.runWithInput("put k 1 -t int\nget a\n".getBytes(StandardCharsets.UTF_8),
                "shell", d(), "--read-only");
        assertEquals(ExitCodes.of(ErrorCode.UNSUPPORTED), readOnly.exit(), readOnly::toString);
        assertTrue(readOnly.out().contains("text alpha"), readOnly::toString);
        fails(11, "no database", "shell", tmp.resolve("none").toString());
        Result created = CliRunner.runWithInput("put k 1 -t int\n".getBytes(StandardCharsets.UTF_8),
                "shell", tmp.resolve("new").toString(), "--create");
        assertEquals(0, created.exit(), created::toString);
    }

    @Test
    void shellLinesDoNotInheritOptionsFromEarlierLines() {
        vectorStore();
        String script = String.join("\n",
                "get t --hex",
                "get t",
                "vectors search docs --vector 1,0,0 -k 1",
                "vectors search docs --like z -k 1",
                "scan --namespace vector.docs --prefix v/ --limit 1",
                "scan --limit 1");
        Result r = CliRunner.runWithInput(script.getBytes(StandardCharsets.UTF_8), "shell", d());
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("text 6e6f74206120766563746f72", lines.get(0), r::toString);
        assertEquals("text not a vector", lines.get(1), r::toString);
        assertTrue(lines.get(2).endsWith(" x") && lines.get(3).endsWith(" z"), r::toString);
        assertTrue(lines.get(4).startsWith("v/") && !lines.get(5).isEmpty(), r::toString);
        assertEquals(6, lines.size(), r::toString);
    }

    @Test
    void aShellHoldsTheLockAgainstOtherWriters() throws Exception {
        seed();
        // The shell reads its script from a pipe that stays open while another writer tries the database.
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(feed);
        java.io.StringWriter out = new java.io.StringWriter();
        Thread shell = Thread.ofPlatform().start(() -> syna.cli.SynaCli.execute(in, new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()), "shell", d()));
        feed.write("get a\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        // Wait until the shell has answered its first line, so it holds the database; a writer tried
        // earlier could take the lock first and make the shell itself fail to open.
        for (int i = 0; i < 600 && out.toString().isEmpty() && shell.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertTrue(shell.isAlive() && !out.toString().isEmpty(), () -> "the shell did not answer: " + out);
        Result locked = CliRunner.run("put", d(), "k", "1", "-t", "int");
        feed.write("exit\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        shell.join(30_000);
        assertEquals(21, locked.exit(), locked::toString);
    }

    @Test
    void everyExitStatusIsDocumentedInHelpAndDocs() throws IOException {
        String help = ok("--help").out();
        String docs = Files.readString(Path.of("..", "docs", "cli.md"), StandardCharsets.UTF_8);
        for (Map.Entry<Integer, String> e : ExitCodes.meanings().entrySet()) {
            assertTrue(help.lines().anyMatch(l -> l.strip().equals(e.getKey() + "  " + e.getValue())),
                    () -> "exit " + e.getKey() + " missing in --help:\n" + help);
            assertTrue(docs.contains("| " + e.getKey() + " | " + e.getValue() + " |"),
                    () -> "exit " + e.getKey() + " (" + e.getValue() + ") missing in docs/cli.md's table");
        }
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.SUCCESS) {
                assertTrue(ExitCodes.meanings().containsKey(ExitCodes.of(c)), c::toString);
            }
        }
    }

    @Test
    void exitStatusesOfRealFailures() throws IOException {
        seed();
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        fails(12, "is not a directory", "put", file.toString(), "k", "1", "-t", "int");
        fails(11, "no database", "info", tmp.resolve("none").toString());
        Path jsonl = Files.writeString(tmp.resolve("bad.jsonl"), "{\"key\":1}\n");
        fails(14, "", "import", d(), jsonl.toString());
        fails(19, "to the module path or class path (available: [log])", "put", d(), "k", "1", "-t", "int", "--engine", "nope");
        Path newer = tmp.resolve("newer");
        Files.createDirectories(newer);
        try (FileChannel ch = FileChannel.open(newer.resolve("data.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            FileHeader.of("log", "log", 99, UUID.randomUUID()).writeTo(ch);
        }
        fails(18, "99", "info", newer.toString());
        Path log = tmp.resolve("db").resolve("data.log");
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length / 2] ^= 0x40;
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt"));
        Files.write(corrupt.resolve("data.log"), bytes);
        assertEquals(17, CliRunner.run("verify", corrupt.toString()).exit());
    }
}
