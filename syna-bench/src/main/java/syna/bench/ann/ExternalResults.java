package syna.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Results of contenders measured by another process on the same data set in the same run (FAISS from the
 * {@code faiss-cpu} wheel, driven by {@code bench/faiss_ann.py}), read from its tab-separated output so the
 * summary compares them with the rest. Lines:
 *
 * <pre>
 * result  NAME  BUILD1_S  BUILD2_S  MEMORY_MB  NOTE
 * ef      NAME  EF  RECALL  QPS  P50_US  P99_US
 * failed  NAME  REASON
 * </pre>
 *
 * Lines starting with {@code #} are comments. Thread-safe (stateless).
 */
final class ExternalResults {
    private ExternalResults() {}

    /** The results in {@code file}, in file order; only those named in {@code only} when it is not empty. */
    static List<AnnBenchmark.Result> read(Path file, Set<String> only) throws IOException {
        Map<String, AnnBenchmark.Result> byName = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            try {
                String name = f[1];
                if (!only.isEmpty() && !only.contains(name)) {
                    continue;
                }
                AnnBenchmark.Result r = byName.computeIfAbsent(name, AnnBenchmark.Result::new);
                switch (f[0]) {
                    case "result" -> {
                        r.build1 = Double.parseDouble(f[2]);
                        r.build2 = Double.parseDouble(f[3]);
                        r.memoryMb = Double.parseDouble(f[4]);
                        r.memoryNote = f.length > 5 ? f[5] : "";
                    }
                    case "ef" -> r.sweep.put(Integer.parseInt(f[2]), new double[] {Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])});
                    case "failed" -> r.failure = f.length > 2 ? f[2] : "failed";
                    default -> throw new IllegalArgumentException("unknown record " + f[0]);
                }
            } catch (RuntimeException e) {
                throw new IOException(String.format(Locale.ROOT, "%s:%d: bad line '%s': %s", file, lineNo, line, e), e);
            }
        }
        return new ArrayList<>(byName.values());
    }
}
