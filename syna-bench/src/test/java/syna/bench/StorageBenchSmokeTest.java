package syna.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.bench.report.Row;
import syna.bench.store.Engine;

/** Runs every workload with about 1,000 operations on every engine: proves the harness, times nothing. */
class StorageBenchSmokeTest {

    @Test
    void everyWorkloadRunsOnEveryEngine(@TempDir Path tmp) throws IOException {
        BenchOptions options = BenchOptions.parse("--ops", "1000", "--keys", "1000", "--sync-ops", "16",
                "--max-bytes", "8388608", "--quiesce-ms", "0", "--seed", "42", "--dir", tmp.resolve("data").toString(), "--results", tmp.resolve("results").toString());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<Row> rows;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            rows = StorageBench.run(options, out, out);
        }
        String printed = text.toString(StandardCharsets.UTF_8);

        List<syna.bench.workload.Workload> workloads = StorageBench.workloads(options);
        assertEquals(13, workloads.size(), "workloads");
        assertEquals(workloads.size() * Engine.values().length, rows.size(), printed);
        for (Row r : rows) {
            // syna-storage is a runtime dependency, so Syna must run too; only raw-file lacks GROUP.
            boolean mayLack = !r.engine().supports(r.workload().durability());
            assertTrue(r.measurement().isPresent() || mayLack, r.workload().name() + " / " + r.engine() + ": " + r.note());
            r.measurement().ifPresent(m -> assertTrue(m.ops() > 0 && m.p99Micros() >= m.p50Micros(), r.toString()));
        }
        // Reads were checked against the value size inside the runner; a write row has its disk size.
        assertTrue(rows.stream().filter(r -> r.workload().name().equals("write-1kb") && r.measurement().isPresent())
                .allMatch(r -> r.diskBytes() >= 1000L * 1024), printed);
        assertTrue(printed.contains("summary: Syna / best peer"), printed);
        // Every engine closed its loaded store and opened it again with every key (checked inside).
        int reopen = printed.indexOf("close and reopen a store of 1,000 keys");
        assertTrue(reopen >= 0, printed);
        List<String> reopenRows = printed.substring(reopen).lines().skip(2).takeWhile(l -> l.startsWith("  ")).toList();
        for (Engine e : Engine.values()) {
            assertTrue(reopenRows.stream().anyMatch(l -> l.startsWith("  " + e.label() + " ")),
                    e.label() + " has no reopen row:\n" + printed);
        }
        try (Stream<Path> files = Files.list(tmp.resolve("results"))) {
            assertEquals(2, files.count(), "one CSV and one JSON");
        }
        try (Stream<Path> left = Files.list(tmp.resolve("data"))) {
            assertFalse(left.findAny().isPresent(), "every engine's directory is deleted");
        }
    }
}
