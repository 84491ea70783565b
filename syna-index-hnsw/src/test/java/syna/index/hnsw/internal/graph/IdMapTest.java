package syna.index.hnsw.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.tests.Seeded;

/** The id map agrees with a HashMap through puts, replacements, removals and growth. */
@Seeded
class IdMapTest {
    @Test
    void agreesWithAHashMap(SplittableRandom r) {
        int nodes = 20_000;
        long[] idOfNode = new long[nodes];
        // Few distinct ids (many collisions and replacements) or ids from the whole long range.
        long spread = r.nextBoolean() ? 3000 : Long.MAX_VALUE;
        IdMap map = new IdMap(r.nextInt(100), n -> idOfNode[n]);
        Map<Long, Integer> model = new HashMap<>();
        for (int node = 0; node < nodes; node++) {
            long id = r.nextLong(spread) - (spread == Long.MAX_VALUE ? r.nextLong(spread) : 0);
            idOfNode[node] = id;
            if (node == nodes / 2) {
                map.reserve(model.size() + nodes);
            }
            Integer old = model.put(id, node);
            assertEquals(old == null ? -1 : old, map.put(id, node));
            if (r.nextInt(3) == 0) {
                long gone = idOfNode[r.nextInt(node + 1)];
                Integer was = model.remove(gone);
                assertEquals(was == null ? -1 : was, map.remove(gone));
            }
            assertEquals(model.size(), map.size());
        }
        for (int node = 0; node < nodes; node++) {
            long id = idOfNode[node];
            assertEquals(model.getOrDefault(id, -1), map.get(id));
        }
        assertEquals(-1, map.get(Long.MIN_VALUE + 7 * r.nextInt(5) + 1));
    }
}
