package syna.index.gwi.internal.util;

import java.util.Arrays;

/** A growable list of {@code int}s, one contiguous array. Not thread-safe. */
public final class IntList {
    private int[] a;
    private int size;

    /** An empty list with room for {@code capacity}. */
    public IntList(int capacity) {
        a = new int[Math.max(4, capacity)];
    }

    /** An empty list. */
    public IntList() {
        this(8);
    }

    /** A list holding a copy of {@code values[0, n)}. */
    public static IntList of(int[] values, int n) {
        IntList l = new IntList(n);
        System.arraycopy(values, 0, l.a, 0, n);
        l.size = n;
        return l;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Element {@code i}. */
    public int get(int i) {
        return a[i];
    }

    /** Sets element {@code i}. */
    public void set(int i, int v) {
        a[i] = v;
    }

    /** Appends {@code v}. */
    public void add(int v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, a.length + (a.length >> 1) + 4);
        }
        a[size++] = v;
    }

    /** Removes element {@code i} by moving the last one into its place; returns the moved value or -1. */
    public int swapRemove(int i) {
        int last = a[--size];
        if (i < size) {
            a[i] = last;
            return last;
        }
        return -1;
    }

    /** Removes the first occurrence of {@code v}, keeping order; returns whether it was there. */
    public boolean removeValue(int v) {
        for (int i = 0; i < size; i++) {
            if (a[i] == v) {
                System.arraycopy(a, i + 1, a, i, size - i - 1);
                size--;
                return true;
            }
        }
        return false;
    }

    /** Empties the list. */
    public void clear() {
        size = 0;
    }

    /** The backing array (valid up to {@link #size()}); changes when the list grows. */
    public int[] array() {
        return a;
    }

    /** A copy of the elements. */
    public int[] toArray() {
        return Arrays.copyOf(a, size);
    }

    /** Bytes held. */
    public long bytes() {
        return 16L + 4L * a.length;
    }
}
