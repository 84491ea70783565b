package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.cli.internal.json.JsonReader;
import syna.cli.internal.json.JsonValue;
import syna.cli.internal.json.JsonValue.JsonArray;
import syna.cli.internal.json.JsonValue.JsonObject;
import syna.mlops.Experiment;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.mlops.RunInfo;
import syna.mlops.RunQuery;
import syna.mlops.Stage;

/** The tables, JSON and CSV the models and runs commands print (display moved here from syna.mlops). */
class MlopsReportsTest {
    @TempDir
    Path dir;

    @Test
    void runsRenderAsTablesJsonAndCsv() {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                ExperimentTracker tracker = ExperimentTracker.open(db)) {
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
            String compared = MlopsReports.compare(tracker.compare(List.of(a.id(), b.id())));
            assertTrue(compared.contains("param:wd") && compared.contains("0.9"), compared);

            JsonObject run = (JsonObject) JsonReader.parse(MlopsReports.runJson(tracker, b.id()));
            assertEquals(new JsonValue.JsonString("COMPLETED"), run.members().get("status"));
            JsonObject metrics = (JsonObject) run.members().get("metrics");
            JsonObject acc = (JsonObject) metrics.members().get("acc");
            assertEquals(new JsonArray(List.of(new JsonValue.JsonNumber("0.9"))), acc.members().get("values"));
            assertEquals(new JsonArray(List.of(new JsonValue.JsonNumber("30"))), acc.members().get("timestamps"));
            JsonArray artifacts = (JsonArray) run.members().get("artifacts");
            assertEquals(new JsonValue.JsonString("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"),
                    ((JsonObject) artifacts.elements().getFirst()).members().get("digest"));

            assertEquals("key,step,timestamp,value\nacc,1,30,0.9\n\"loss,total\",1,40,0.3\n",
                    MlopsReports.metricsCsv(tracker, b.id()));
            assertEquals("key,step,timestamp,value\nacc,1,10,0.8\nacc,2,20,0.85\n", MlopsReports.metricsCsv(tracker, a.id()));
            String table = MlopsReports.runs(tracker, "cmp", RunQuery.all());
            assertTrue(table.startsWith("RUN") && table.contains(a.id()) && table.contains(b.id()), table);
        }
    }

    @Test
    void modelsRenderAsTables() {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                ModelRegistry registry = ModelRegistry.open(db)) {
            registry.save("m", new byte[10], Map.of());
            registry.save("m", new byte[20], Map.of());
            registry.setStage("m", 2, Stage.PRODUCTION);
            registry.setAlias("m", "champion", 2);
            assertEquals("MODEL  VERSIONS  LATEST  PRODUCTION  ALIASES\nm      2         2       2           {champion=2}\n",
                    MlopsReports.models(registry));
            String versions = MlopsReports.versions(registry, "m");
            assertTrue(versions.contains("Production") && versions.contains("champion"), versions);
            assertTrue(MlopsReports.history(registry, "m").contains("ALIAS_SET"));
        }
    }
}
