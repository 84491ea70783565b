package syna.index.hnsw.internal.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import syna.tests.Seeded;

/** Packed lists give back every list sorted and deduplicated, whatever the ids' spread. */
@Seeded
class PackedListsTest {
    /** The list as the packed form must return it: ascending, distinct, below {@code limit}. */
    private static int[] expected(int[] list, int limit) {
        return IntStream.of(list).distinct().sorted().filter(v -> v < limit).toArray();
    }

    @Test
    void randomListsRoundTrip(SplittableRandom r) {
        // A small page (2-byte record starts) and a large one (over 64 KiB of lists: 4-byte starts).
        roundTrip(r, 1 + r.nextInt(30));
        roundTrip(r, 600 + r.nextInt(300));
    }

    private static void roundTrip(SplittableRandom r, int nodes) {
        int maxLayers = 4;
        int[][][] lists = new int[nodes][][];
        PackedLists.Builder b = new PackedLists.Builder(nodes);
        for (int i = 0; i < nodes; i++) {
            int layers = 1 + r.nextInt(maxLayers);
            lists[i] = new int[layers][];
            b.beginRecord();
            for (int l = 0; l < layers; l++) {
                int n = r.nextInt(5) == 0 ? r.nextInt(2) : r.nextInt(65);
                // Spreads from dense runs to ids near Integer.MAX_VALUE (31-bit gaps).
                int bound = switch (r.nextInt(4)) {
                    case 0 -> 1 + r.nextInt(70);
                    case 1 -> 100_000;
                    case 2 -> 1 << 24;
                    default -> Integer.MAX_VALUE;
                };
                int[] list = new int[n];
                for (int j = 0; j < n; j++) {
                    list[j] = r.nextInt(5) == 0 && j > 0 ? list[j - 1] : r.nextInt(bound);
                }
                if (n > 0 && r.nextInt(6) == 0) {
                    list[0] = Integer.MAX_VALUE - 1;
                }
                lists[i][l] = list;
                int[] src = new int[n + 3];
                System.arraycopy(list, 0, src, 3, n);
                b.list(src, 3, n);
            }
        }
        PackedLists p = b.build();
        assertEquals(nodes, p.nodes());
        int[] dst = new int[64];
        for (int i = 0; i < nodes; i++) {
            for (int l = 0; l < maxLayers + 1; l++) {
                int[] want = l < lists[i].length ? expected(lists[i][l], Integer.MAX_VALUE) : new int[0];
                int got = p.read(i, l, dst, Integer.MAX_VALUE);
                assertArrayEquals(want, Arrays.copyOf(dst, got), "record " + i + " layer " + l);
                if (l < lists[i].length) {
                    int limit = r.nextInt(1 << 20);
                    got = p.read(i, l, dst, limit);
                    assertArrayEquals(expected(lists[i][l], limit), Arrays.copyOf(dst, got), "limit " + limit);
                }
            }
        }
        assertEquals(0, p.read(nodes, 0, dst, Integer.MAX_VALUE), "a record past the packed nodes is empty");
    }

    @Test
    void consecutiveIdsTakeNoGapBits() {
        PackedLists.Builder b = new PackedLists.Builder(1);
        b.beginRecord();
        int[] run = IntStream.range(5000, 5032).toArray();
        b.list(run, 0, run.length);
        PackedLists p = b.build();
        // count, first id (2 varint bytes), width 0, no gap bytes, 8 spare bytes.
        assertEquals(24 + 16 + (1 + 2 + 1 + 8) + 16 + 2 * 2, p.bytes());
        int[] dst = new int[32];
        assertEquals(32, p.read(0, 0, dst, Integer.MAX_VALUE));
        assertArrayEquals(run, dst);
    }
}
