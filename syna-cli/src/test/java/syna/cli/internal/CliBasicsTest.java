package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import syna.cli.internal.CliRunner.Result;

/** What works without a database. */
class CliBasicsTest {
    @Test
    void helpAndVersion() {
        Result help = CliRunner.run("--help");
        assertEquals(0, help.exit());
        for (String c : List.of("demo", "info", "keys", "get", "put", "history", "delete", "stats", "compact", "verify",
                "export", "import", "providers", "Exit status")) {
            assertTrue(help.out().contains(c), () -> c + " missing in\n" + help);
        }
        assertEquals(0, CliRunner.run("--version").exit());
        assertEquals(0, CliRunner.run("put", "--help").exit());
        assertEquals(2, CliRunner.run().exit());
    }

    @Test
    void aCommandLineNamingOneSubcommandBuildsOnlyThatOne() {
        assertEquals("info", SynaCommand.subcommandNamed("info", "db"));
        assertEquals("studio", SynaCommand.subcommandNamed("--verbose", "studio", "db"));
        assertEquals(null, SynaCommand.subcommandNamed("help", "info"));
        assertEquals(null, SynaCommand.subcommandNamed("--help"));
        assertEquals(null, SynaCommand.subcommandNamed("inf", "db"));
        assertEquals(null, SynaCommand.subcommandNamed());
        // the one-subcommand path answers as the whole tree does: qualified usage, root options, errors
        Result help = CliRunner.run("info", "--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().startsWith("Usage: syna info"), help::toString);
        Result verbose = CliRunner.run("--verbose", "get");
        assertEquals(2, verbose.exit(), verbose::toString);
        assertTrue(verbose.err().contains("Try 'syna get --help'."), verbose::toString);
        Result typo = CliRunner.run("histroy", "db", "k");
        assertEquals(2, typo.exit(), typo::toString);
        assertTrue(typo.err().contains("history"), () -> "no suggestion in\n" + typo);
        Result viaHelp = CliRunner.run("help", "verify");
        assertEquals(0, viaHelp.exit(), viaHelp::toString);
        assertTrue(viaHelp.out().startsWith("Usage: syna verify"), viaHelp::toString);
    }

    @Test
    void usageErrorsAreOneLine() {
        Result r = CliRunner.run("get");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: missing database directory"), r::toString);
        Result bad = CliRunner.run("history", "db", "k", "--last", "x");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().startsWith("error: Invalid value for option '--last'"), bad::toString);
    }

    @Test
    void exitCodesFollowErrorCodes() {
        assertEquals(15, ExitCodes.of(syna.api.ErrorCode.KEY_NOT_FOUND));
        assertEquals(17, ExitCodes.of(syna.api.ErrorCode.CORRUPT_FILE));
        assertEquals(10, ExitCodes.of(syna.api.ErrorCode.GENERIC));
        assertEquals(110, ExitCodes.of(syna.api.ErrorCode.INTERNAL));
    }

    @Test
    void demoSeriesAreDeterministic() {
        double[] a = DemoCommand.series("x/temperature", 100, new java.util.Random(1));
        double[] b = DemoCommand.series("x/temperature", 100, new java.util.Random(1));
        assertEquals(List.of(), java.util.stream.IntStream.range(0, 100).filter(i -> a[i] != b[i]).boxed().toList());
    }
}
