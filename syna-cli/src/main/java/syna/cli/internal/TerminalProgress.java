package syna.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;
import syna.api.Progress;

/**
 * A long command's progress on one line of standard error, rewritten in place, shown only when the
 * console is a terminal (a pipe or a test sees nothing) and the work has run for half a second. Not
 * thread-safe; one per command.
 */
final class TerminalProgress implements Progress {
    private final PrintWriter err;
    private final String what;
    private final long started = System.nanoTime();
    private boolean shown;

    private TerminalProgress(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    /** A progress line for {@code what} on {@code err} when the console is a terminal, else {@link Progress#NONE}. */
    static Progress of(PrintWriter err, String what) {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() ? new TerminalProgress(err, what) : Progress.NONE;
    }

    @Override
    public void update(String phase, long done, long total) {
        if (!shown && System.nanoTime() - started < 500_000_000L) {
            return; // a command done within half a second leaves no progress line behind
        }
        shown = true;
        String pct = total > 0 ? String.format(Locale.ROOT, "%3.0f%%", 100.0 * done / total) : "";
        err.printf(Locale.ROOT, "\r%s: %s %s (%s of %s)\u001b[K", what, phase, pct, Format.count(done), Format.count(total));
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
