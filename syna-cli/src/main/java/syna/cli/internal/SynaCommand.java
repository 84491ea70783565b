package syna.cli.internal;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
        // Subcommands are added in code (SUBCOMMANDS): a command line names one, and only that one is built.
        description = "Inspect, query, load and check Syna databases. Start with: syna demo")
public final class SynaCommand implements Runnable {
    /**
     * Every subcommand by name, in the order {@code syna --help} lists them. Building picocli's model
     * of a subcommand reflects over its class and its own subcommands: for all of them that took
     * about half a second of every start, so a command line that names one builds only that one.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            DemoCommand.class,
            InfoCommand.class,
            KeysCommand.class,
            ScanCommand.class,
            GetCommand.class,
            PutCommand.class,
            HistoryCommand.class,
            DeleteCommand.class,
            StatsCommand.class,
            CompactCommand.class,
            VerifyCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            VectorsCommand.class,
            ShellCommand.class,
            ProvidersCommand.class,
            ModelsCommand.class,
            RunsCommand.class,
            TensorsCommand.class,
            StudioCommand.class,
            CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors and the engine's DEBUG log lines.")
    boolean verbose;

    /** The shell's open database while this command runs inside {@code syna shell}, else null. */
    final Session session;

    /** Standard input ({@code put KEY -}). */
    final InputStream in;

    /** A command run on its own, reading {@code in}. */
    SynaCommand(InputStream in) {
        this(null, in);
    }

    /** A command run inside a shell holding {@code session} (null: on its own). */
    SynaCommand(Session session, InputStream in) {
        this.session = session;
        this.in = in;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'syna demo' or 'syna --help'");
    }

    /** Runs {@code syna} with {@code args}; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(null, System.in, out, err, args);
    }

    /**
     * Runs {@code syna} with {@code args}, reading standard input from {@code in}; inside a shell,
     * {@code session} holds its open database (null otherwise). Returns the exit status.
     */
    public static int execute(Session session, InputStream in, PrintWriter out, PrintWriter err, String... args) {
        String named = session == null ? subcommandNamed(args) : null;
        CommandLine cl = named == null ? commandLine(session, in, out, err) : commandLine(session, in, out, err, named);
        return run(cl, args);
    }

    /**
     * The subcommand {@code args} runs when it is certain from its first word alone (options before it
     * are the root's own): null for {@code help}, a typo, or no subcommand, which need all of them.
     */
    static String subcommandNamed(String... args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                continue;
            }
            return !a.equals("help") && SUBCOMMANDS.containsKey(a) ? a : null;
        }
        return null;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /**
     * A ready command line for {@link #run}: the shell builds one and runs every line through it, since
     * building picocli's model of every subcommand is most of the cost of a short command. Picocli resets
     * each option and parameter to its initial value before every parse.
     */
    static CommandLine commandLine(Session session, InputStream in, PrintWriter out, PrintWriter err) {
        return commandLine(session, in, out, err, SUBCOMMANDS.keySet().toArray(String[]::new));
    }

    /** As {@link #commandLine(Session, InputStream, PrintWriter, PrintWriter)} with only the subcommands {@code names}. */
    private static CommandLine commandLine(Session session, InputStream in, PrintWriter out, PrintWriter err,
            String... names) {
        CommandLine cl = new CommandLine(new SynaCommand(session, in));
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name));
        }
        cl.setOut(out);
        cl.setErr(err);
        // "@FILE" is put's "value from FILE", not picocli's argument file.
        cl.setExpandAtFiles(false);
        cl.getCommandSpec().usageMessage().footer(ExitCodes.footer());
        cl.setParameterExceptionHandler(usageErrors());
        return cl;
    }

    /** Runs {@code args} through {@code cl} (from {@link #commandLine}); returns the exit status. */
    static int run(CommandLine cl, String... args) {
        cl.setExecutionExceptionHandler(failures(Arrays.asList(args).contains("--verbose")));
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    private static IParameterExceptionHandler usageErrors() {
        return (ParameterException e, String[] args) -> {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            boolean inShell = cl.getCommandSpec().root().userObject() instanceof SynaCommand root && root.session != null;
            String name = cl.getCommandSpec().qualifiedName();
            err.println(inShell
                    ? "Try 'help'" + (cl.getCommandSpec().parent() == null ? "" : " or '" + name.substring(name.indexOf(' ') + 1) + " --help'") + "."
                    : "Try '" + name + " --help'.");
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
