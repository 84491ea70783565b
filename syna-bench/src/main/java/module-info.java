/**
 * Syna's benchmarks: JMH benchmarks of the storage hot paths ({@code syna.bench.jmh}) and the
 * side-by-side command {@link syna.bench.StorageBench} against RocksDB, LMDB and a raw
 * {@code FileChannel} baseline.
 *
 * <p>Compiled as a named module so javac checks its dependencies, but run on the class path from
 * the shaded {@code benchmarks.jar}: lmdbjava's jnr-ffi stack does not resolve as a module graph
 * (jffi and its {@code -native} jar derive the same automatic name), and JMH forks with
 * {@code -cp}. The storage engine is found through {@code ServiceLoader} by {@code syna.api}.
 */
module syna.bench {
    requires syna.api;
    requires rocksdbjni; // automatic module
    requires lmdbjava; // automatic module
    requires jmh.core; // automatic module
    requires syna.langchain4j; // reads langchain4j.core (automatic) transitively
    requires langchain4j; // automatic module: InMemoryEmbeddingStore, the peer

    // Nothing exported: no module reads this one; the command and JMH run it from the class path.
}
