package syna.cli.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The CLI's log output: Syna's modules log through {@code System.Logger}, which the JDK sends to
 * {@code java.util.logging}; the CLI gives that one line per event on stderr,
 * {@code syna: WARNING: message}, at INFO and above (routine events are DEBUG in Syna), or DEBUG and
 * above with stack traces under {@code --verbose}. A {@code java.util.logging.config.file} or
 * {@code .config.class} given on the command line wins. Thread-safe.
 */
public final class CliLogging {
    private CliLogging() {}

    /** Installs the one-line format, unless the user configured java.util.logging themselves. */
    public static void install(boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine(verbose));
        root.addHandler(console);
        root.setLevel(verbose ? Level.FINE : Level.INFO);
    }

    /** {@code syna: LEVEL: message}, plus the stack trace when verbose. */
    static final class OneLine extends Formatter {
        private final boolean verbose;

        OneLine(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder("syna: ").append(level(r.getLevel())).append(": ")
                    .append(formatMessage(r).replace('\n', ' '));
            if (r.getThrown() != null) {
                if (verbose) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    sb.append(System.lineSeparator()).append(w.toString().stripTrailing());
                } else {
                    sb.append(" (").append(r.getThrown()).append(")");
                }
            }
            return sb.append(System.lineSeparator()).toString();
        }

        /** System.Logger's names for the levels it maps onto java.util.logging's. */
        private static String level(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARNING";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return l.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
