package syna.bench.ann;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.tests.Datasets;

/**
 * Writes a benchmark data set into a directory: {@code base.fvecs}, {@code query.fvecs} and exact top-100
 * {@code groundtruth.ivecs} (cosine). Kinds: {@code gauss} (seeded Gaussian mixture) and {@code minilm}
 * (all-MiniLM-L6-v2, quantized, run in-process and offline by LangChain4j, over sentences from the
 * machine's man pages and /usr/share/doc). Queries are held-out sentences / draws, never base vectors.
 *
 * <p>Usage: {@code DatasetGenerator gauss|minilm <dir> <n> <queries> [dim] [seed]}.
 */
public final class DatasetGenerator {
    private DatasetGenerator() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: DatasetGenerator gauss|minilm <dir> <n> <queries> [dim] [seed]");
            System.exit(2);
        }
        String kind = args[0];
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int nq = Integer.parseInt(args[3]);
        int dim = args.length > 4 ? Integer.parseInt(args[4]) : 384;
        long seed = args.length > 5 ? Long.decode(args[5]) : 42;
        Files.createDirectories(dir);
        float[][] base;
        float[][] queries;
        if (kind.equals("gauss")) {
            SplittableRandom r = new SplittableRandom(seed);
            // One mixture for base and queries, so queries fall near the data as real ones do.
            float[][] all = Datasets.gaussianMixture(r, n + nq, dim, Math.max(10, n / 1000), 0.3);
            base = java.util.Arrays.copyOf(all, n);
            queries = java.util.Arrays.copyOfRange(all, n, n + nq);
        } else if (kind.equals("minilm")) {
            List<String> text = Corpus.sentences(n + nq, List.of(Path.of("/usr/share/man"), Path.of("/usr/share/doc")));
            if (text.size() < n + nq) {
                System.err.println("corpus has only " + text.size() + " sentences; using " + (text.size() - nq) + " base vectors");
                n = text.size() - nq;
            }
            // Hold out queries spread over the corpus with a seeded shuffle.
            java.util.Collections.shuffle(text, new java.util.Random(seed));
            // The first nq sentences are the queries; base vectors follow until n or the time budget
            // (-Dsyna.bench.embedSeconds) runs out, whichever comes first.
            long budget = Long.getLong("syna.bench.embedSeconds", Long.MAX_VALUE / 2_000_000_000L);
            float[][] all = embed(text, nq, budget);
            queries = java.util.Arrays.copyOf(all, nq);
            base = java.util.Arrays.copyOfRange(all, nq, all.length);
            Files.write(dir.resolve("sentences.txt"), text.subList(0, all.length));
        } else {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
        Vecs.writeFvecs(dir.resolve("base.fvecs"), base);
        Vecs.writeFvecs(dir.resolve("query.fvecs"), queries);
        long t = System.nanoTime();
        int[][] gt = GroundTruthIvecs.compute(base, queries, 100, DistanceMetric.COSINE);
        Vecs.writeIvecs(dir.resolve("groundtruth.ivecs"), gt);
        System.out.printf("wrote %s: %d base, %d queries, dim %d; ground truth %.1f s%n", dir, base.length,
                queries.length, base[0].length, (System.nanoTime() - t) / 1e9);
    }

    private static float[][] embed(List<String> text, int minimum, long seconds) throws IOException {
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] out = new float[text.size()][];
        int batch = 256;
        long t0 = System.nanoTime();
        int done = 0;
        for (int i = 0; i < text.size(); i += batch) {
            if (i > minimum && System.nanoTime() - t0 > seconds * 1_000_000_000L) {
                System.out.printf("embedding time budget of %d s spent after %d sentences%n", seconds, i);
                break;
            }
            List<TextSegment> segs = new ArrayList<>();
            for (int j = i; j < Math.min(text.size(), i + batch); j++) {
                segs.add(TextSegment.from(text.get(j)));
            }
            List<Embedding> e = model.embedAll(segs).content();
            for (int j = 0; j < e.size(); j++) {
                out[i + j] = e.get(j).vector();
            }
            done = i + e.size();
            if ((i / batch) % 40 == 0) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("embedded %d / %d (%.0f/s)%n", i + e.size(), text.size(), (i + e.size()) / Math.max(s, 1e-9));
            }
        }
        return java.util.Arrays.copyOf(out, done);
    }
}
