package syna.cli.internal;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import syna.api.SynaException;

/**
 * The root {@code syna} command: holds the subcommands and turns every failure into one line
 * {@code error: <message>} on stderr plus an exit status from {@link ExitCodes}. Not thread-safe;
 * one per execution.
 */
@Command(
        name = "syna",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // -h and -V on every subcommand
        versionProvider = SynaCommand.Version.class,
        description = "Inspect, query, load and check Syna databases. Start with: syna demo",
        subcommands = {
            DemoCommand.class,
            InfoCommand.class,
            KeysCommand.class,
            GetCommand.class,
            PutCommand.class,
            HistoryCommand.class,
            DeleteCommand.class,
            StatsCommand.class,
            CompactCommand.class,
            VerifyCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            ProvidersCommand.class,
            ModelsCommand.class,
            RunsCommand.class,
            TensorsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SynaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'syna demo' or 'syna --help'");
    }

    /** Runs {@code syna} with {@code args}; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new SynaCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.getCommandSpec().usageMessage().footer(ExitCodes.footer());
        cl.setParameterExceptionHandler(usageErrors());
        cl.setExecutionExceptionHandler(failures(verbose));
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static IParameterExceptionHandler usageErrors() {
        return (ParameterException e, String[] args) -> {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        };
    }

    private static IExecutionExceptionHandler failures(boolean verbose) {
        return (Exception e, CommandLine cl, ParseResult parsed) -> {
            PrintWriter err = cl.getErr();
            int status;
            if (e instanceof SynaException se) {
                err.println("error: " + oneLine(se.getMessage()));
                status = ExitCodes.of(se.errorCode());
            } else {
                err.println("error: unexpected " + e.getClass().getName() + ": " + oneLine(e.getMessage()));
                status = ExitCodes.FAILURE;
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            return status;
        };
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replace("\r", "").replace('\n', ' ');
    }

    /** The version printed by {@code syna --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SynaCommand.class.getModule().getDescriptor() == null ? null
                    : SynaCommand.class.getModule().getDescriptor().rawVersion().orElse(null);
            return new String[] {"syna " + (v == null ? "(development build)" : v) + " on Java "
                    + Runtime.version()};
        }
    }
}
