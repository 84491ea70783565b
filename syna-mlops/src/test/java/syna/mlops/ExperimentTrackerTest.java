package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ChecksumMismatchException;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;
import syna.mlops.internal.Json;

class ExperimentTrackerTest {
    @TempDir Path dir;
    private Database db;
    private ExperimentTracker tracker;

    @BeforeEach
    void open() {
        db = Syna.builder(dir).durability(Durability.NONE).open();
        tracker = ExperimentTracker.open(db);
    }

    @AfterEach
    void close() {
        tracker.close();
        tracker.close();
        db.close();
    }

    private void reopen() {
        tracker.close();
        db.close();
        open();
    }

    @Test
    void aRunLogsParamsMetricsTagsAndArtifactsAndRoundTripsThroughAReopen() throws Exception {
        Experiment exp = tracker.experiment("mnist");
        String id;
        try (Run run = exp.startRun("baseline", Map.of("team", "vision"))) {
            id = run.id();
            run.logParam("lr", "0.01");
            run.logParam("lr", "0.01"); // same value again is fine
            run.logParam("layers", "3");
            for (int step = 0; step < 10; step++) {
                run.logMetric("loss", 1.0 / (step + 1), step);
            }
            run.logMetric("acc", 0.5, 0, 1_000L);
            run.logMetric("acc", 0.9, 1, 2_000L);
            run.setTag("note", "first try");
            run.logArtifact("config.json", "{\"a\":1}".getBytes());
            Path file = dir.resolve("weights.bin");
            Files.write(file, new byte[3000]);
            run.logArtifact("weights.bin", file);
            assertEquals(RunStatus.RUNNING, run.info().status());
        }
        reopen();
        RunInfo info = tracker.runInfo(id);
        assertEquals(RunStatus.COMPLETED, info.status());
        assertTrue(info.endTime().isPresent());
        assertEquals("mnist", info.experiment());
        assertEquals("baseline", info.name());
        assertEquals(Map.of("team", "vision", "note", "first try"), info.tags());
        assertEquals(Map.of("lr", "0.01", "layers", "3"), info.params());
        assertEquals(Map.of("loss", 0.1, "acc", 0.9), info.metrics());
        assertEquals(List.of("config.json", "weights.bin"), info.artifacts());
        MetricHistory acc = tracker.metric(id, "acc");
        assertArrayEquals(new long[] {0, 1}, acc.steps());
        assertArrayEquals(new double[] {0.5, 0.9}, acc.values());
        assertArrayEquals(new long[] {1_000, 2_000}, acc.timestamps());
        assertEquals(10, tracker.metric(id, "loss").size());
        assertArrayEquals(new byte[3000], tracker.artifact(id, "weights.bin"));
        assertEquals("{\"a\":1}", new String(tracker.artifact(id, "config.json")));
        assertEquals(List.of("mnist"), tracker.listExperiments());
        assertEquals(List.of(id), tracker.existingExperiment("mnist").listRuns().stream().map(RunInfo::id).toList());
    }

    @Test
    void twoTrackersOverOneDatabaseSeeOneRunStatus() {
        Run run = tracker.experiment("e").startRun("r", Map.of());
        ExperimentTracker second = ExperimentTracker.open(db);
        Run other = second.run(run.id());
        run.logMetric("x", 1, 0);
        other.kill();
        assertThrows(RunEndedException.class, () -> run.logMetric("x", 2, 1));
        assertEquals(1, second.metric(run.id(), "x").size());
    }

    @Test
    void paramsAreWriteOnce() {
        try (Run run = tracker.experiment("e").startRun("r", Map.of())) {
            run.logParam("lr", "0.1");
            ParamConflictException e = assertThrows(ParamConflictException.class, () -> run.logParam("lr", "0.2"));
            assertTrue(e.getMessage().contains("'lr' is already '0.1'") && e.getMessage().contains("'0.2'"), e.getMessage());
            assertTrue(e.getMessage().contains(run.id()), e.getMessage());
            assertEquals(Map.of("lr", "0.1"), run.info().params());
        }
    }

    @Test
    void aThrowingBodyMarksTheRunFailedKeepsTheMessageAndRethrows() {
        Experiment exp = tracker.experiment("e");
        IOException thrown = new IOException("GPU fell off the bus");
        IOException caught = assertThrows(IOException.class, () -> exp.run("bad", r -> {
            r.logMetric("loss", 1.0, 0);
            throw thrown;
        }));
        assertSame(thrown, caught);
        RunInfo failed = exp.listRuns().getFirst();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("GPU fell off the bus", failed.error());
        assertEquals(Map.of("loss", 1.0), failed.metrics());

        RunInfo ok = exp.run("good", Map.of("k", "v"), r -> r.logParam("p", "1"));
        assertEquals(RunStatus.COMPLETED, ok.status());
        assertEquals("", ok.error());
        RunInfo killedInside = exp.run("killed", Run::kill);
        assertEquals(RunStatus.KILLED, killedInside.status());
    }

    @Test
    void endedRunsRefuseWrites() {
        Run run = tracker.experiment("e").startRun("r", Map.of());
        run.kill();
        assertEquals(RunStatus.KILLED, run.info().status());
        RunEndedException e = assertThrows(RunEndedException.class, () -> run.logMetric("x", 1, 0));
        assertTrue(e.getMessage().contains("KILLED"), e.getMessage());
        assertThrows(RunEndedException.class, () -> run.logParam("p", "1"));
        assertThrows(RunEndedException.class, () -> run.end(RunStatus.COMPLETED));
        assertThrows(RunEndedException.class, () -> tracker.run(run.id()).logArtifact("a", new byte[1]));
        run.close(); // idempotent on an ended run
        assertEquals(RunStatus.KILLED, tracker.runInfo(run.id()).status());
        assertThrows(InvalidArgumentException.class, () -> tracker.experiment("e").startRun("r2", Map.of()).end(RunStatus.RUNNING));
    }

    @Test
    void badLookupsGiveTypedErrors() {
        assertThrows(RunNotFoundException.class, () -> tracker.runInfo("0123456789abcdef0123"));
        assertThrows(RunNotFoundException.class, () -> tracker.run("0123456789abcdef0123"));
        assertThrows(InvalidArgumentException.class, () -> tracker.runInfo("../../etc"));
        assertThrows(RunNotFoundException.class, () -> tracker.existingExperiment("none"));
        Run run = tracker.experiment("e").startRun("r", Map.of());
        RunNotFoundException m = assertThrows(RunNotFoundException.class, () -> tracker.metric(run.id(), "loss"));
        assertTrue(m.getMessage().contains("no metric 'loss'"), m.getMessage());
        assertThrows(RunNotFoundException.class, () -> tracker.artifact(run.id(), "model.pt"));
        assertThrows(InvalidArgumentException.class, () -> run.logParam("", "v"));
        assertThrows(InvalidArgumentException.class, () -> tracker.experiment(""));
        assertThrows(InvalidArgumentException.class, () -> RunQuery.builder().limit(0).build());
        assertThrows(InvalidArgumentException.class, () -> RunQuery.builder().metric("a", RunQuery.Comparison.GT, Double.NaN));
        assertThrows(InvalidArgumentException.class, () -> RunStatus.parse("done"));
        tracker.close();
        assertThrows(ClosedException.class, () -> tracker.listExperiments());
        assertThrows(ClosedException.class, () -> run.logMetric("x", 1, 1));
    }

    @Test
    void severalThreadsLogToOneRunAndToTheirOwnRuns() throws Exception {
        Experiment exp = tracker.experiment("parallel");
        Run shared = exp.startRun("shared", Map.of());
        int threads = 6;
        int points = 150;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<String> ownRuns = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try (Run own = exp.startRun("worker-" + thread, Map.of("thread", Integer.toString(thread)))) {
                    ownRuns.add(own.id());
                    for (int i = 0; i < points; i++) {
                        shared.logMetric("loss", thread * 1_000_000 + i, thread * 1_000_000L + i);
                        shared.logMetric("t" + thread, i, i);
                        own.logMetric("loss", i, i);
                    }
                    shared.logParam("p" + thread, "v");
                    shared.logParam("common", "same");
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        shared.close();
        MetricHistory loss = tracker.metric(shared.id(), "loss");
        assertEquals(threads * points, loss.size());
        long[] steps = loss.steps();
        double[] values = loss.values();
        for (int i = 0; i < steps.length; i++) {
            assertEquals((double) steps[i], values[i], "point " + i + " keeps its step next to its value");
        }
        RunInfo info = tracker.runInfo(shared.id());
        assertEquals(threads + 1, info.metrics().size()); // loss and t0..t5
        assertEquals(threads + 1, info.params().size());
        for (String id : ownRuns) {
            assertEquals(points, tracker.metric(id, "loss").size());
            assertEquals(RunStatus.COMPLETED, tracker.runInfo(id).status());
        }
        assertEquals(threads + 1, exp.listRuns().size());
    }

    @Test
    void searchFiltersByStatusTagsParamsAndMetricsThenSortsAndLimits() {
        Experiment exp = tracker.experiment("grid");
        for (int i = 0; i < 12; i++) {
            Run r = exp.startRun("run-" + i, Map.of("parity", i % 2 == 0 ? "even" : "odd"));
            r.logParam("lr", i < 6 ? "0.1" : "0.01");
            r.logMetric("acc", i / 20.0, 0);
            if (i == 11) {
                r.fail("diverged");
            } else if (i != 10) {
                r.close();
            }
        }
        assertEquals(1, exp.search(RunQuery.builder().status(RunStatus.RUNNING).build()).size());
        assertEquals(1, exp.search(RunQuery.builder().status(RunStatus.FAILED).build()).size());
        List<RunInfo> best = exp.search(RunQuery.builder().status(RunStatus.COMPLETED).tag("parity", "even")
                .param("lr", "0.01").metric("acc", RunQuery.Comparison.GE, 0.3)
                .orderBy("acc", RunQuery.SortOrder.DESCENDING).limit(2).build());
        assertEquals(List.of("run-8", "run-6"), best.stream().map(RunInfo::name).toList());
        List<RunInfo> worst = exp.search(RunQuery.builder().orderBy("acc", RunQuery.SortOrder.ASCENDING).limit(3).build());
        assertEquals(List.of("run-0", "run-1", "run-2"), worst.stream().map(RunInfo::name).toList());
        assertEquals(12, exp.search(RunQuery.all()).size());
        assertEquals(0, exp.search(RunQuery.builder().metric("missing", RunQuery.Comparison.LT, 1).build()).size());
    }

    @Test
    void compareExportJsonAndCsv() {
        Experiment exp = tracker.experiment("cmp");
        RunInfo a = exp.run("a", r -> {
            r.logParam("lr", "0.1");
            r.logMetric("acc", 0.8, 1, 10L);
            r.logMetric("acc", 0.85, 2, 20L);
        });
        RunInfo b = exp.run("b", r -> {
            r.logParam("lr", "0.2");
            r.logParam("wd", "1e-4");
            r.logMetric("acc", 0.9, 1, 30L);
            r.logMetric("loss,total", 0.3, 1, 40L);
            r.logArtifact("notes.txt", new ByteArrayInputStream("hi".getBytes()));
        });
        RunComparison c = tracker.compare(List.of(a.id(), b.id()));
        assertEquals(List.of("param:lr", "param:wd", "metric:acc", "metric:loss,total"), c.rowNames());
        assertEquals("-", c.cell("param:wd", a.id()));
        assertEquals("0.85", c.cell("metric:acc", a.id()));
        ArtifactInfo notes = tracker.artifactInfo(b.id(), "notes.txt");
        assertEquals(new ArtifactInfo("notes.txt", 1, 2, DigestAlgorithm.SHA_256,
                "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"), notes);
        assertThrows(RunNotFoundException.class, () -> tracker.artifactInfo(b.id(), "missing"));
    }

    @Test
    void artifactsAreReplacedWholeAndCheckedOnRead() {
        Run run = tracker.experiment("e").startRun("r", Map.of());
        run.logArtifact("model.bin", new byte[] {1, 2, 3});
        run.logArtifact("model.bin", new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, tracker.artifact(run.id(), "model.bin"));
        assertEquals(List.of("model.bin"), run.info().artifacts());
        String chunk = "_run/" + run.id() + "/art/model.bin/2/c/00000000";
        assertFalse(MlopsKeys.runs(db).exists("_run/" + run.id() + "/art/model.bin/1/c/00000000"), "old generation deleted");
        MlopsKeys.runs(db).putBytes(chunk, new byte[] {4, 6});
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> tracker.artifact(run.id(), "model.bin"));
        assertTrue(e.getMessage().contains("artifact 'model.bin' of run " + run.id()), e.getMessage());
    }
}
