package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.Syna;

/**
 * Opens a log written by format version 1 (generated once, never edited: a format never changes
 * under an existing name and version). A new format version adds its own golden file beside it.
 */
class GoldenFormatTest {
    @Test
    void formatVersion1StillOpensAndReadsBack(@TempDir Path dir) throws IOException {
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/log-v1/data.log")) {
            Files.copy(in, dir.resolve("data.log"));
        }
        try (Database db = Syna.open(dir)) {
            assertTrue(db.verify().ok(), () -> db.verify().problems().toString());
            assertEquals(List.of(Atom.of(1.5), Atom.of(Double.NaN)), db.history("f").stream().map(h -> h.value()).toList());
            assertEquals(42, db.getInt("i"));
            assertEquals("h\u00e9llo \uD83D\uDE00", db.getText("t"));
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"));
            assertArrayEquals(new float[] {1f, -2.5f}, db.getVector("v"));
            double[] s = db.historyAsDoubles("s");
            assertEquals(100, s.length);
            for (int k = 0; k < 100; k++) {
                assertEquals(20 + k / 100.0, s[k]);
            }
            assertArrayEquals(new long[] {5, 7, 9}, db.historyAsLongs("n"));
            assertFalse(db.exists("d"));
            assertEquals(2, db.history("d").size());
            assertEquals("x", db.getText("batch/a"));
            assertEquals(2, db.getInt("batch/b"));
        }
    }
}
