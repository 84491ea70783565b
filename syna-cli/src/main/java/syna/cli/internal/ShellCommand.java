package syna.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.SynaException;

/**
 * {@code syna shell}: opens one database and runs {@code syna} commands against it, line by line,
 * in one warm JVM. On a terminal it reads with JLine (line editing, history in
 * {@code ~/.syna_history}, completion of command names and keys); from a pipe or file it reads plain
 * lines, so scripts work. Not thread-safe; one per execution.
 */
@Command(name = "shell", description = {
    "Open DB once and run syna commands against it interactively, without the database argument.",
    "Example: syna shell data, then: get sensor/1, scan --prefix doc/ --values, vectors list, exit. "
        + "Opens to write (holding the lock) unless --read-only. On a terminal: line editing, history "
        + "(~/.syna_history), Tab completes commands and keys. From a pipe: one command per line; the exit "
        + "status is that of the last command that failed (0 if none); --bail stops at the first."})
final class ShellCommand extends DatabaseCommand {
    /** Words that end the shell. */
    private static final List<String> EXIT = List.of("exit", "quit", ".exit", ".quit");
    private static final int MAX_KEY_CANDIDATES = 500;

    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Mixin
    WriteOptions write;

    @Option(names = "--read-only", description = "Open a read-only snapshot: no lock, works beside a writer; writes fail.")
    boolean readOnly;

    @Option(names = "--create", description = "Create the database when missing.")
    boolean create;

    @Option(names = "--bail", description = "Stop at the first command that fails.")
    boolean bail;

    @Option(names = "--history-file", paramLabel = "FILE", description = "History file (default: ~/.syna_history).")
    Path historyFile;

    /** The command line every shell line runs through, built on the first line. */
    private picocli.CommandLine commands;

    @Override
    public Integer call() {
        if (session() != null) {
            throw usage("already in a shell on " + session().path());
        }
        operands(args);
        if (readOnly && (create || write.any())) {
            throw usage("--read-only opens an existing database without writing: --create, --durability, --codec "
                    + "and --engine do not apply");
        }
        SynaCommand root = (SynaCommand) spec.root().userObject();
        try (Database db = readOnly ? openForReading() : openForWriting(create)) {
            Session session = new Session(db, readOnly);
            boolean terminal = root.in == System.in && System.console() != null && System.console().isTerminal();
            return terminal ? interactive(session, root) : script(session, root);
        }
    }

    /** Plain lines from standard input: scripts and pipes. */
    private int script(Session session, SynaCommand root) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8));
        int status = ExitCodes.OK;
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                Integer s = runLine(session, root, line);
                if (s == null) {
                    break;
                }
                if (s != ExitCodes.OK) {
                    status = s;
                    if (bail) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return status;
    }

    /** JLine on the terminal: editing, history, completion. */
    private int interactive(Session session, SynaCommand root) {
        Path history = historyFile != null ? historyFile : Path.of(System.getProperty("user.home"), ".syna_history");
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("syna")
                    .variable(LineReader.HISTORY_FILE, history)
                    .completer((r, line, candidates) -> complete(session, line.wordIndex(), line.word(), candidates))
                    .build();
            String prompt = "syna " + session.path().getFileName() + (session.readOnly() ? " (read-only)" : "") + "> ";
            out().println("Syna shell on " + session.path().toAbsolutePath().normalize()
                    + (session.readOnly() ? " (read-only snapshot)" : "") + ". Type help for commands, exit to leave.");
            out().flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                if (runLine(session, root, line) == null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    /** Runs one line; returns its status, or null when the line ends the shell. */
    private Integer runLine(Session session, SynaCommand root, String line) {
        List<String> words;
        try {
            words = ShellLine.split(line);
        } catch (SynaException e) {
            err().println("error: " + e.getMessage());
            err().flush();
            return ExitCodes.USAGE;
        }
        if (words.isEmpty()) {
            return ExitCodes.OK;
        }
        if (EXIT.contains(words.getFirst())) {
            return null;
        }
        if (words.getFirst().equals("help") && words.size() == 1) {
            words = List.of("--help");
        }
        if (commands == null) {
            commands = SynaCommand.commandLine(session, root.in, out(), err());
        }
        return SynaCommand.run(commands, words.toArray(String[]::new));
    }

    /** Tab: command names first, then keys of the database. */
    private void complete(Session session, int wordIndex, String word, List<Candidate> candidates) {
        if (wordIndex == 0) {
            for (String name : spec.root().subcommands().keySet()) {
                if (name.startsWith(word)) {
                    candidates.add(new Candidate(name));
                }
            }
            EXIT.stream().filter(e -> e.startsWith(word)).forEach(e -> candidates.add(new Candidate(e)));
            return;
        }
        if (word.startsWith("-")) {
            return;
        }
        session.database().keys(word).stream().limit(MAX_KEY_CANDIDATES)
                .forEach(k -> candidates.add(new Candidate(k, k, null, null, null, null, false)));
    }
}
