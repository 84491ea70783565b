package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.spi.VectorScorer;

/**
 * File mappings installed in {@link PagedVectors}: read through plain native views of the same memory when this
 * module has native access (the build runs this test both ways: see the {@code native-views} execution of this
 * module's pom), as mapped segments otherwise; the same distances as arena pages either way, writes reach the
 * file, and the pages die with the mapping's arena.
 */
class MappedPageViewsTest {
    @Test
    void mappedPagesReadAsTheModuleAllowsWithTheArenasDistances(@TempDir Path dir) throws IOException {
        boolean nativeAccess = PagedVectors.class.getModule().isNativeAccessEnabled();
        assertEquals(nativeAccess, PagedVectors.NATIVE_VIEWS);
        System.out.println("native access " + nativeAccess);
        int dim = 384;
        SplittableRandom r = new SplittableRandom(7);
        PagedVectors mapped = null;
        try (Arena arena = Arena.ofShared();
                FileChannel ch = FileChannel.open(dir.resolve("v.bin"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            for (DistanceMetric metric : DistanceMetric.values()) {
                mapped = PagedVectors.external(dim, metric, 4L * dim);
                PagedVectors inArena = PagedVectors.allocating(dim, metric, arena);
                long page = mapped.pageSlots() * 4L * dim;
                MemorySegment file = ch.map(FileChannel.MapMode.READ_WRITE, 0, 2 * page, arena);
                mapped.install(0, file.asSlice(0, page));
                mapped.install(1, file.asSlice(page, page));
                int slots = mapped.pageSlots() + 7; // into the second page
                float[] v = new float[dim];
                for (int s = 0; s < slots; s++) {
                    for (int j = 0; j < dim; j++) {
                        v[j] = (float) r.nextGaussian();
                    }
                    mapped.set(s, v);
                    inArena.set(s, v);
                }
                assertEquals(!nativeAccess, mapped.vector(slots - 1).isMapped(), "page kind read by the scorer");
                assertFalse(inArena.vector(0).isMapped());
                // the last vector written went to the file through the view
                assertEquals(v[5], file.get(ValueLayout.JAVA_FLOAT_UNALIGNED, (slots - 1) * 4L * dim + 20), 0f);
                VectorScorer a = mapped.scorer(metric).query(v);
                VectorScorer b = inArena.scorer(metric).query(v);
                int[] ords = new int[slots];
                for (int i = 0; i < slots; i++) {
                    ords[i] = i;
                }
                float[] da = new float[slots];
                float[] db = new float[slots];
                a.distances(ords, slots, da);
                b.distances(ords, slots, db);
                for (int i = 0; i < slots; i++) {
                    assertEquals(Float.floatToIntBits(db[i]), Float.floatToIntBits(da[i]), metric + " at " + i);
                    assertEquals(Float.floatToIntBits(b.distance(i)), Float.floatToIntBits(a.distance(i)), metric + " at " + i);
                }
            }
        }
        PagedVectors closed = mapped;
        assertThrows(IllegalStateException.class, () -> closed.vector(0).get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0),
                "a page outliving its mapping's arena");
    }
}
