package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;

/** {@code syna runs}: experiment tracking of a database. Not thread-safe; one per execution. */
@Command(name = "runs", description = {
    "List experiments and runs, show one run, export its metrics, or compare runs.",
    "  syna runs DB                          experiments",
    "  syna runs DB EXPERIMENT [--status S] [--limit N]   runs with params and final metrics",
    "  syna runs DB --run ID [--csv]         one run as JSON, or its metrics as CSV",
    "  syna runs DB --compare ID,ID,...      params and final metrics side by side",
    "  syna runs DB --stale [--end]          Running runs whose process is gone (--end: store them as Killed)",
    "  syna runs DB --delete-run ID          delete one run",
    "  syna runs DB EXPERIMENT --delete      delete the experiment with every run"})
final class RunsCommand extends DatabaseCommand {
    @Mixin
    WriteOptions write;

    @Parameters(paramLabel = "DB [EXPERIMENT]", arity = "0..2", description = "Database directory and experiment.")
    List<String> args = new ArrayList<>();

    @Option(names = "--status", paramLabel = "S", description = "Only runs with this status: RUNNING, COMPLETED, FAILED, KILLED.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs.")
    int limit;

    @Option(names = "--run", paramLabel = "ID", description = "Show one run.")
    String run;

    @Option(names = "--csv", description = "With --run: its metrics as CSV instead of the run as JSON.")
    boolean csv;

    @Option(names = "--compare", paramLabel = "IDS", split = ",", description = "Compare these runs.")
    List<String> compare;

    @Option(names = "--stale", description = "List Running runs whose process is gone.")
    boolean stale;

    @Option(names = "--end", description = "With --stale: store those runs as Killed.")
    boolean end;

    @Option(names = "--delete-run", paramLabel = "ID", description = "Delete this run.")
    String deleteRun;

    @Option(names = "--delete", description = "Delete the EXPERIMENT with every run.")
    boolean delete;

    @Override
    public Integer call() {
        Mlops.require();
        List<String> rest = args.size() + (db != null ? 1 : 0) >= 2 ? operands(args, "EXPERIMENT") : operands(args);
        if (limit < 0) {
            throw usage("--limit must be >= 0, got " + limit);
        }
        if (end && !stale) {
            throw usage("--end goes with --stale");
        }
        if (delete && rest.isEmpty()) {
            throw usage("--delete needs an EXPERIMENT");
        }
        if (delete && deleteRun != null) {
            throw usage("--delete and --delete-run exclude each other");
        }
        if (delete || deleteRun != null || end) {
            try (Database d = openForWriting(false)) {
                out().print(end ? MlopsViews.staleRuns(d, true)
                        : delete ? MlopsViews.deleteExperiment(d, rest.getFirst()) : MlopsViews.deleteRun(d, deleteRun));
            }
            return ExitCodes.OK;
        }
        if (stale) {
            try (Database d = openForReading()) {
                out().print(MlopsViews.staleRuns(d, false));
            }
            return ExitCodes.OK;
        }
        try (Database d = openForReading()) {
            String text;
            if (run != null) {
                text = csv ? MlopsViews.metricsCsv(d, run) : MlopsViews.runJson(d, run) + System.lineSeparator();
            } else if (compare != null) {
                text = MlopsViews.compare(d, compare);
            } else if (rest.isEmpty()) {
                text = MlopsViews.experiments(d);
            } else {
                try {
                    text = MlopsViews.runs(d, rest.getFirst(), status, limit);
                } catch (IllegalArgumentException e) {
                    throw usage("--status must be RUNNING, COMPLETED, FAILED or KILLED, got '" + status + "'");
                }
            }
            out().print(text);
        }
        return ExitCodes.OK;
    }
}
