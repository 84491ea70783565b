package syna.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes that land atomically: after a crash either all of them are visible or none.
 * Build it, then pass it to {@link Database#write(WriteBatch)}. Not thread-safe; one per thread.
 */
public final class WriteBatch {
    /** One write of the batch; a {@link Atom.Null} value is a delete. */
    public record Op(String key, Atom value) {
        /** Rejects nulls with {@link InvalidArgumentException}. */
        public Op {
            if (key == null || value == null) {
                throw new InvalidArgumentException("batch write of " + (key == null ? "a null key" : "key '" + key
                        + "' with a null value"));
            }
        }
    }

    private final List<Op> ops = new ArrayList<>();

    private WriteBatch() {}

    /** An empty batch. */
    public static WriteBatch create() {
        return new WriteBatch();
    }

    /** Adds a write of {@code value} to {@code key}. */
    public WriteBatch put(String key, Atom value) {
        ops.add(new Op(key, value));
        return this;
    }

    /** Adds a float64 write. */
    public WriteBatch putFloat(String key, double value) {
        return put(key, Atom.of(value));
    }

    /** Adds an int64 write. */
    public WriteBatch putInt(String key, long value) {
        return put(key, Atom.of(value));
    }

    /** Adds a text write. */
    public WriteBatch putText(String key, String value) {
        return put(key, Atom.of(value));
    }

    /** Adds a bytes write (the array is copied). */
    public WriteBatch putBytes(String key, byte[] value) {
        return put(key, Atom.of(value));
    }

    /** Adds a vector write (the array is copied). */
    public WriteBatch putVector(String key, float[] value) {
        return put(key, Atom.of(value));
    }

    /** Adds a delete of {@code key}. */
    public WriteBatch delete(String key) {
        return put(key, Atom.ofNull());
    }

    /** The writes, in order. */
    public List<Op> ops() {
        return List.copyOf(ops);
    }

    /** Number of writes. */
    public int size() {
        return ops.size();
    }

    /** Whether the batch has no writes. */
    public boolean isEmpty() {
        return ops.isEmpty();
    }
}
