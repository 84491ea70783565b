package syna.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes that land atomically: after a crash either all of them are visible or none. Build it, then
 * pass it to {@link KeySpace#write(WriteBatch)}.
 *
 * <p>A batch may span key spaces: {@link #in(String)} returns a view of the same batch whose writes
 * go to a namespace of the database; writes added directly go to the key space the batch is written
 * to. To write user keys and namespace keys together, write the batch through the {@link Database}:
 *
 * <pre>{@code
 * WriteBatch b = WriteBatch.create().putText("doc/1", "hello");         // a user key
 * b.in("vector.docs").putVector("doc/1", embedding);                     // same batch, a namespace
 * db.write(b);                                                           // both or neither
 * }</pre>
 *
 * Not thread-safe; one per thread.
 */
public final class WriteBatch {
    /**
     * One write of the batch; a {@link Atom.Null} value is a delete.
     *
     * @param namespace the namespace it goes to; {@code ""}: the key space the batch is written to
     * @param key the key
     * @param value the value
     */
    public record Op(String namespace, String key, Atom value) {
        /** Rejects nulls with {@link InvalidArgumentException}. */
        public Op {
            if (namespace == null || key == null || value == null) {
                throw new InvalidArgumentException("write batch " + (namespace == null ? "namespace" : key == null
                        ? "key" : "value of key '" + key + "'") + " must not be null");
            }
        }

        /** A write to the key space the batch is written to. */
        public Op(String key, Atom value) {
            this("", key, value);
        }

        /** Whether it goes to the key space the batch is written to rather than a named namespace. */
        public boolean unscoped() {
            return namespace.isEmpty();
        }
    }

    private final List<Op> ops;
    private final String namespace;

    private WriteBatch(List<Op> ops, String namespace) {
        this.ops = ops;
        this.namespace = namespace;
    }

    /** An empty batch. */
    public static WriteBatch create() {
        return new WriteBatch(new ArrayList<>(), "");
    }

    /**
     * A view of this batch whose writes go to namespace {@code name} of the database (created when
     * absent when the batch is written); its writes and this batch's are one atomic unit.
     */
    public WriteBatch in(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("write batch namespace must be a non-empty name, got "
                    + (name == null ? "null" : "\"\""));
        }
        return new WriteBatch(ops, name);
    }

    /** A view of this batch whose writes go to {@code namespace}. */
    public WriteBatch in(Namespace namespace) {
        if (namespace == null) {
            throw new InvalidArgumentException("write batch namespace must not be null");
        }
        return in(namespace.name());
    }

    /** Adds a write of {@code value} to {@code key}. */
    public WriteBatch put(String key, Atom value) {
        ops.add(new Op(namespace, key, value));
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
        if (value == null) {
            throw new InvalidArgumentException("text value of key '" + key + "' must not be null");
        }
        return put(key, Atom.of(value));
    }

    /** Adds a bytes write (the array is copied). */
    public WriteBatch putBytes(String key, byte[] value) {
        if (value == null) {
            throw new InvalidArgumentException("bytes value of key '" + key + "' must not be null");
        }
        return put(key, Atom.of(value));
    }

    /** Adds a bytes write of the segment's contents (copied now). */
    public WriteBatch putBytes(String key, MemorySegment value) {
        if (value == null) {
            throw new InvalidArgumentException("bytes value of key '" + key + "' must not be null");
        }
        return put(key, Atom.of(value.toArray(ValueLayout.JAVA_BYTE)));
    }

    /** Adds a vector write (the array is copied). */
    public WriteBatch putVector(String key, float[] value) {
        if (value == null) {
            throw new InvalidArgumentException("vector value of key '" + key + "' must not be null");
        }
        return put(key, Atom.of(value));
    }

    /** Adds a delete of {@code key}. */
    public WriteBatch delete(String key) {
        return put(key, Atom.ofNull());
    }

    /** The namespace this view's writes go to; {@code ""}: the key space the batch is written to. */
    public String namespace() {
        return namespace;
    }

    /** The writes of the whole batch (every view), in order. */
    public List<Op> ops() {
        return List.copyOf(ops);
    }

    /** Number of writes of the whole batch. */
    public int size() {
        return ops.size();
    }

    /** Whether the batch has no writes. */
    public boolean isEmpty() {
        return ops.isEmpty();
    }
}
