package syna.bench.ann;

/** One index under test, behind the harness's common shape. Not thread-safe; the harness drives it. */
interface Contender extends AutoCloseable {
    /** Name in the report. */
    String name();

    /** Builds over {@code data} (unit vectors, id = row) with {@code threads} threads; replaces any earlier build. */
    void build(float[][] data, int threads) throws Exception;

    /** Whether the index keeps references to the caller's arrays instead of its own copy of the vectors. */
    boolean sharesInputVectors();

    /** Bytes the built index holds outside the Java heap (mapped index files, native memory); added to its memory. */
    default long offHeapBytes() {
        return 0;
    }

    /** Whether {@link #search} honours {@code ef}; an exact index does not. */
    default boolean approximate() {
        return true;
    }

    /** The ids of the {@code k} nearest rows to {@code q} searched with beam width {@code ef}. */
    int[] search(float[] q, int k, int ef) throws Exception;

    @Override
    default void close() throws java.io.IOException {}
}
