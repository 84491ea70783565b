package syna.vector.internal;

import java.util.Arrays;

/**
 * Open-addressing map from key to slot ({@code int}), without a boxed value or an entry object per
 * key: a million keys cost two arrays, not a million {@code HashMap.Node}s and {@code Long}s.
 * Linear probing; deletes use backward-shift so no tombstones accumulate. Not thread-safe: the
 * store guards it with its lock.
 */
final class KeySlotMap {
    private static final int EMPTY = -1;

    private String[] keys;
    private int[] slots;
    private int size;
    private int mask;

    KeySlotMap() {
        keys = new String[1024];
        slots = new int[1024];
        Arrays.fill(slots, EMPTY);
        mask = 1023;
    }

    int size() {
        return size;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** The slot of {@code key}, or -1. */
    int get(String key) {
        for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == EMPTY) {
                return EMPTY;
            }
            if (keys[i].equals(key)) {
                return s;
            }
        }
    }

    /** Maps {@code key} to {@code slot}; returns the previous slot or -1. */
    int put(String key, int slot) {
        if (size * 4 >= keys.length * 3) {
            grow();
        }
        for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == EMPTY) {
                keys[i] = key;
                slots[i] = slot;
                size++;
                return EMPTY;
            }
            if (keys[i].equals(key)) {
                slots[i] = slot;
                return s;
            }
        }
    }

    /** Removes {@code key}; returns its slot or -1. */
    int remove(String key) {
        int i = spread(key.hashCode()) & mask;
        while (true) {
            int s = slots[i];
            if (s == EMPTY) {
                return EMPTY;
            }
            if (keys[i].equals(key)) {
                deleteAt(i);
                size--;
                return s;
            }
            i = (i + 1) & mask;
        }
    }

    private void deleteAt(int hole) {
        // Backward-shift deletion: move later members of the probe run into the hole.
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (slots[i] == EMPTY) {
                break;
            }
            int home = spread(keys[i].hashCode()) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                slots[hole] = slots[i];
                hole = i;
            }
        }
        keys[hole] = null;
        slots[hole] = EMPTY;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new String[oldKeys.length * 2];
        slots = new int[oldKeys.length * 2];
        Arrays.fill(slots, EMPTY);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldSlots[i] != EMPTY) {
                put(oldKeys[i], oldSlots[i]);
            }
        }
    }
}
