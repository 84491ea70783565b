package syna.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import syna.cli.internal.SynaCommand;

/**
 * The {@code syna} command. {@link #main} runs it on the process's standard streams and exits with
 * its status; {@link #execute} runs it in-process. Thread-safe (every call builds its own command).
 */
public final class SynaCli {
    private SynaCli() {}

    /** Runs {@code syna} with {@code args} and exits the JVM with its exit status. */
    public static void main(String[] args) {
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
     * {@code err}; returns the exit status (0 on success, see {@code syna --help} for the others).
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return SynaCommand.execute(out, err, args);
    }
}
