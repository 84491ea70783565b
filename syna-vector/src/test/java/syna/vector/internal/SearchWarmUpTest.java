package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;

/**
 * The search warm-up runs every path it means to compile (it swallows its errors when it runs in the
 * background, so a broken warm-up would only show as a slow first search): the page kind it is asked for and no
 * other, every metric, and it leaves no temporary file behind.
 */
class SearchWarmUpTest {
    @Test
    void searchesEveryMetricOverTheAskedPageKindAndLeavesNoFile() throws IOException {
        long before = scratchFiles();
        for (DistanceMetric head : DistanceMetric.values()) {
            for (boolean mapped : new boolean[] {false, true}) {
                SearchWarmUp.Result r = SearchWarmUp.warm(head, mapped, System.nanoTime());
                assertEquals(mapped, r.mapped(), "the temporary folder takes a mapping on this machine; an arena is no mapping");
                // every metric, every round, two searches of 10 hits
                assertEquals(DistanceMetric.values().length * SearchWarmUp.ROUNDS * 2 * 10, r.hits());
            }
        }
        assertEquals(before, scratchFiles(), "the mapped scratch file is deleted at once");
    }

    private static long scratchFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("syna-warm-up")).count();
        }
    }
}
