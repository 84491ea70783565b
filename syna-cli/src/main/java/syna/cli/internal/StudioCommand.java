package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.studio.Studio;
import syna.studio.StudioOptions;

/**
 * {@code syna studio DB}: serves Syna Studio over the database until interrupted (Ctrl-C), printing the
 * address with its token. Binds 127.0.0.1 unless {@code --bind} says otherwise, and then warns. Not
 * thread-safe; one per execution.
 */
@Command(name = "studio", description = {
    "Serve Syna Studio, a web UI over the database (keys, vector stores, models, experiments, statistics, maintenance), until Ctrl-C.",
    "Binds 127.0.0.1; the printed URL carries the token that changes need."})
final class StudioCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "7070",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to bind instead of 127.0.0.1; anyone who reaches it can read the database.")
    String bind;

    @Option(names = "--read-only", description = "Open the database read-only: browse, verify and export only.")
    boolean readOnly;

    @Override
    public Integer call() {
        operands(args);
        if (session() != null) {
            throw usage("studio serves a database of its own; run it outside the shell");
        }
        if (port < 0 || port > 65_535) {
            throw usage("--port must be in 0..65535, got " + port);
        }
        StudioModule.require();
        long t0 = System.nanoTime();
        StudioOptions.Builder b = StudioOptions.builder().port(port);
        if (bind != null) {
            b.bind(bind);
        }
        StudioOptions options = b.build();
        // Ctrl-C or TERM: the hook stops the Studio, so await() returns; the hook then waits until the database
        // is closed below (the JVM halts when the hooks end), so no acknowledged write is lost.
        CountDownLatch closed = new CountDownLatch(1);
        try (Database db = readOnly ? openForReading() : openForWriting(false); Studio studio = Studio.start(db, options)) {
            if (!options.loopback()) {
                err().println("syna: WARNING: Studio binds " + options.bind().getHostAddress()
                        + ", not 127.0.0.1: anyone who can reach port " + studio.port()
                        + " can read this database (and, with the token, change it)");
            }
            out().printf("Syna Studio for %s: %s  (up in %d ms; Ctrl-C stops it)%n", db.path(), studio.uri(),
                    (System.nanoTime() - t0) / 1_000_000);
            out().flush();
            Runnable stop = studio::close;
            Thread hook = new Thread(() -> {
                stop.run();
                try {
                    closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "syna-studio-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                studio.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped from code (tests, an embedding application)
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and waits for the close below
            }
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }
}
