package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeySlotMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        SplittableRandom r = new SplittableRandom(Long.getLong("syna.tests.seed", 3L));
        KeySlotMap m = new KeySlotMap();
        Map<String, Integer> ref = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            String key = "k" + r.nextInt(5_000);
            switch (r.nextInt(3)) {
                case 0, 1 -> {
                    int slot = r.nextInt(1_000_000);
                    Integer old = ref.put(key, slot);
                    assertEquals(old == null ? -1 : old, m.put(key, slot));
                }
                default -> {
                    Integer old = ref.remove(key);
                    assertEquals(old == null ? -1 : old, m.remove(key));
                }
            }
            if (op % 1000 == 0) {
                for (int i = 0; i < 5_000; i += 7) {
                    Integer v = ref.get("k" + i);
                    assertEquals(v == null ? -1 : v, m.get("k" + i));
                }
            }
            assertEquals(ref.size(), m.size());
        }
    }
}
