package syna.studio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.mlops.Experiment;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.mlops.Stage;

/** A small seeded database with something for every page: keys of each type, a vector store, models, runs. */
final class StudioFixture {
    static final int USERS = 120;
    static final int SERIES_POINTS = 5_000;
    static final int VECTORS = 400;
    static final int DIM = 17; // prime: exercises kernel tails

    private StudioFixture() {}

    static Database seed(Path dir, long seed) {
        Database db = Syna.open(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < USERS; i++) {
            db.putText("user:" + String.format("%04d", i), "name " + i);
        }
        db.putText("user:0001", "renamed once");
        long t0 = 1_700_000_000_000_000L;
        long[] times = new long[SERIES_POINTS];
        double[] values = new double[SERIES_POINTS];
        for (int i = 0; i < SERIES_POINTS; i++) {
            times[i] = t0 + i * 1_000_000L;
            values[i] = Math.sin(i / 100.0) * 10 + rnd.nextDouble();
        }
        db.putFloats("metrics:cpu", times, values);
        for (int i = 0; i < 5; i++) {
            db.putInt("counter", i * 10L);
        }
        byte[] blob = new byte[2_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        System.arraycopy("SYNA".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, blob, 0, 4);
        db.putBytes("blob", blob);
        db.putVector("embedding:one", new float[] {0.5f, -1f, 2f, 0.25f});
        db.putText("gone", "soon deleted");
        db.delete("gone");

        try (VectorStore store = Syna.vectorStore(db, "docs", VectorStoreOptions.builder(DIM).metric(DistanceMetric.COSINE).build())) {
            List<String> keys = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            List<Map<String, Atom>> meta = new ArrayList<>();
            for (int i = 0; i < VECTORS; i++) {
                int topic = i % 4;
                float[] v = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    v[j] = (float) (rnd.nextGaussian() * 0.2 + (j % 4 == topic ? 3 : 0));
                }
                keys.add("doc-" + i);
                vectors.add(v);
                Map<String, Atom> m = new HashMap<>();
                m.put("topic", Atom.of("t" + topic));
                meta.add(m);
            }
            store.insertBatch(keys, vectors, meta);
        }
        try (ModelRegistry reg = ModelRegistry.open(db)) {
            for (int v = 1; v <= 3; v++) {
                reg.save("ranker", ("weights " + v).getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("framework", "demo"));
            }
            reg.setStage("ranker", 1, Stage.PRODUCTION);
            reg.setAlias("ranker", "champion", 1);
            reg.save("encoder", new byte[100], Map.of());
        }
        try (ExperimentTracker tracker = ExperimentTracker.open(db)) {
            Experiment e = tracker.experiment("tuning");
            for (int r = 0; r < 3; r++) {
                double lr = 0.1 / (r + 1);
                e.run("lr-" + lr, run -> {
                    run.logParam("lr", Double.toString(lr));
                    for (int step = 0; step < 50; step++) {
                        run.logMetric("loss", 1.0 / (1 + step * lr), step);
                    }
                });
            }
        }
        return db;
    }
}
