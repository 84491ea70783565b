package syna.cli.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import syna.cli.SynaCli;

/** Runs {@code syna} in-process with captured output. */
final class CliRunner {
    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private CliRunner() {}

    static Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    /** Runs with {@code stdin} as standard input. */
    static Result runWithInput(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SynaCli.execute(new java.io.ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
