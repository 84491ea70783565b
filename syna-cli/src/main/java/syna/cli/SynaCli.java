package syna.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import syna.cli.internal.CliLogging;
import syna.cli.internal.SynaCommand;

/**
 * The {@code syna} command. {@link #main} runs it on the process's standard streams and exits with
 * its status; {@link #execute} runs it in-process. Thread-safe (every call builds its own command).
 */
public final class SynaCli {
    private SynaCli() {}

    /**
     * Runs {@code syna} with {@code args} and exits the JVM with its exit status. Installs a one-line
     * log format on stderr first (see {@code docs/cli.md}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CliLogging.install(java.util.Arrays.asList(args).contains("--verbose"));
        Charset stdout = Charset.forName(System.getProperty("stdout.encoding", "UTF-8"));
        Charset stderr = Charset.forName(System.getProperty("stderr.encoding", "UTF-8"));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, stdout), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, stderr), true);
        int status = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs {@code syna} with {@code args}, writing results to {@code out} and diagnostics to
     * {@code err}, reading standard input ({@code put KEY -}, {@code shell}) from {@code System.in}.
     *
     * @param out where results go
     * @param err where diagnostics go
     * @param args the command line
     * @return the exit status: 0 on success, see {@code syna --help} for the others
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(System.in, out, err, args);
    }

    /**
     * As {@link #execute(PrintWriter, PrintWriter, String...)}, reading standard input from {@code in}.
     *
     * @param in standard input
     * @param out where results go
     * @param err where diagnostics go
     * @param args the command line
     * @return the exit status
     */
    public static int execute(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        return SynaCommand.execute(null, in, out, err, args);
    }
}
