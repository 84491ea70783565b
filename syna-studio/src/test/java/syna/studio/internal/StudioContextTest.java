package syna.studio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.studio.StudioOptions;

/** The background key listing runs once, on the executor it is given, and the listing is kept until a write. */
class StudioContextTest {
    @TempDir
    Path dir;

    @Test
    void warmUpListsTheUserKeysOnceOnTheGivenExecutor() {
        try (Database db = Syna.open(dir.resolve("db"))) {
            db.putText("b", "2");
            db.putText("a", "1");
            StudioContext context = new StudioContext(db, StudioOptions.defaults(), "token");
            assertFalse(context.keysListed(""), "nothing is listed before the warm-up");
            List<Runnable> submitted = new ArrayList<>();
            context.warmUp(submitted::add);
            context.warmUp(submitted::add); // a second request, or the delayed start: no second listing
            assertEquals(1, submitted.size());
            assertFalse(context.keysListed(""), "the listing runs on the executor, not in the caller");
            submitted.getFirst().run();
            assertTrue(context.keysListed(""));
            assertEquals(List.of("a", "b"), context.keys(""));
            db.putText("c", "3");
            assertFalse(context.keysListed(""), "a write makes the listing stale");
            context.close();
        }
    }
}
