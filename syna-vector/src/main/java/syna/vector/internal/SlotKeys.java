package syna.vector.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The slot table both vector stores keep: which slot holds each key, the key of each slot, and which
 * slots are live. Not thread-safe: the owning store guards it with its lock.
 */
final class SlotKeys {
    private final KeySlotMap slotOf = new KeySlotMap();
    private final BitSet live = new BitSet();
    private String[] keyOfSlot;

    SlotKeys(int initialSlots) {
        keyOfSlot = new String[Math.max(16, initialSlots)];
    }

    /** The slot of {@code key}, or -1. */
    int slot(String key) {
        return slotOf.get(key);
    }

    boolean contains(String key) {
        return slotOf.get(key) >= 0;
    }

    /** Number of live keys. */
    int size() {
        return slotOf.size();
    }

    /** The key in live {@code slot}. */
    String key(int slot) {
        return keyOfSlot[slot];
    }

    boolean isLive(int slot) {
        return live.get(slot);
    }

    /** The live slots; callers must not modify it. */
    BitSet live() {
        return live;
    }

    /**
     * Binds {@code key} to {@code slot}; returns the slot it was bound to before (now dead unless it is
     * {@code slot} itself), or -1.
     */
    int bind(String key, int slot) {
        int old = slotOf.put(key, slot);
        if (old >= 0 && old != slot) {
            live.clear(old);
            keyOfSlot[old] = null;
        }
        if (slot >= keyOfSlot.length) {
            keyOfSlot = Arrays.copyOf(keyOfSlot, Math.max(slot + 1, keyOfSlot.length * 2));
        }
        keyOfSlot[slot] = key;
        live.set(slot);
        return old;
    }

    /** Unbinds {@code key}; returns the slot it held (now dead), or -1. */
    int unbind(String key) {
        int old = slotOf.remove(key);
        if (old >= 0) {
            live.clear(old);
            keyOfSlot[old] = null;
        }
        return old;
    }

    /** The live keys, sorted. */
    List<String> keys() {
        List<String> out = new ArrayList<>(slotOf.size());
        for (int s = live.nextSetBit(0); s >= 0; s = live.nextSetBit(s + 1)) {
            out.add(keyOfSlot[s]);
        }
        out.sort(null);
        return out;
    }
}
