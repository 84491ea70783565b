/**
 * The {@code syna} command line tool. Run it with {@code java -m syna.cli} (the module's main class
 * is {@link syna.cli.SynaCli}) and put the storage engine and any plugins on the module path; the
 * command finds them through {@code syna.api}'s provider registry.
 */
module syna.cli {
    requires syna.api;
    requires info.picocli;
    // `syna shell`: line editing and history (named modules, so the CLI still jlinks).
    requires org.jline.reader;
    requires org.jline.terminal;
    // The CLI installs a one-line log format and level for the engine's System.Logger output.
    requires java.logging;
    requires tools.jackson.core; // the one JSON library: export/import and --json output
    // The models and runs commands; absent from the module path, they say so and nothing else breaks.
    requires static syna.mlops;
    // The tensors command; without the module it says so.
    requires static syna.tensor;
    // The studio command; without the module it says so.
    requires static syna.studio;

    exports syna.cli; // SynaCli: main and an in-process entry point

    // picocli reads and writes the @Command/@Option fields reflectively.
    opens syna.cli.internal to info.picocli;
}
