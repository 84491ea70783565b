package syna.mlops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs side by side: one column per run, one row per param ({@code param:lr}) and per final metric
 * value ({@code metric:acc}); a run without the entry shows {@code -}. Display (aligned text) is the
 * CLI's. Immutable and thread-safe.
 *
 * @param runs the runs compared, in the order asked
 * @param rowNames row labels
 * @param cells {@code cells.get(row).get(column)}
 */
public record RunComparison(List<RunInfo> runs, List<String> rowNames, List<List<String>> cells) {

    /** Validates shape and copies. */
    public RunComparison {
        runs = List.copyOf(runs);
        rowNames = List.copyOf(rowNames);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : cells) {
            if (row.size() != runs.size()) {
                throw new IllegalArgumentException("comparison row has " + row.size() + " cells for " + runs.size() + " runs");
            }
            copy.add(List.copyOf(row));
        }
        cells = List.copyOf(copy);
        if (cells.size() != rowNames.size()) {
            throw new IllegalArgumentException("comparison has " + cells.size() + " rows for " + rowNames.size() + " names");
        }
    }

    /** The cell of {@code row} (e.g. {@code metric:acc}) for run {@code runId}, or {@code -}. */
    public String cell(String row, String runId) {
        int r = rowNames.indexOf(Objects.requireNonNull(row, "row"));
        for (int c = 0; c < runs.size(); c++) {
            if (runs.get(c).id().equals(runId) && r >= 0) {
                return cells.get(r).get(c);
            }
        }
        return "-";
    }

    static String format(Map<String, Double> metrics, String key) {
        Double v = metrics.get(key);
        return v == null ? "-" : Double.toString(v);
    }
}
