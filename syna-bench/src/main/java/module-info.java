/**
 * Syna's benchmarks: JMH benchmarks of the storage hot paths ({@code syna.bench.jmh}) and the
 * side-by-side commands: {@link syna.bench.StorageBench} against RocksDB, LMDB, Chronicle Map and a raw
 * {@code FileChannel} baseline; {@code syna.bench.ann} against jvector, Lucene and hnswlib;
 * {@code syna.bench.vectors} (vector stores and kernels); {@code syna.bench.lc4j} against
 * LangChain4j's in-memory store.
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
    requires chronicle.map; // automatic module: the storage bench's non-durable peer
    requires jmh.core; // automatic module
    requires syna.langchain4j; // reads langchain4j.core (automatic) transitively
    requires syna.mlops; // the keys bench: user keys beside a registry and a tracker
    requires syna.tensor; // the tensor bench
    requires static syna.djl; // the tensor bench's DJL part: on the class path only via bench/tensor.sh
    requires static ai.djl.api; // automatic module
    requires langchain4j; // automatic module: InMemoryEmbeddingStore, the peer
    // ANN benchmark (syna.bench.ann): datasets, ground truth and the peer libraries.
    requires java.management; // heap measurements
    requires jdk.management; // the tensor bench: bytes allocated by all threads
    requires syna.tests; // seeded datasets
    requires syna.faiss; // FaissOverheadBench drives the binding (exported to this module at compile time only)
    requires syna.index.gwi; // GwiIndex: per-query probes and counters (bench/ann.sh gwi)
    requires syna.index.cascade; // CascadeIndex: presets and counters (bench/ann.sh cascade)
    requires jvector; // automatic module
    requires org.apache.lucene.core;
    requires hnswlib.core; // automatic module
    requires langchain4j.embeddings.all.minilm.l6.v2.q; // automatic module: the offline MiniLM model
    requires langchain4j.embeddings; // automatic module: its in-process ONNX base class

    // Nothing exported: no module reads this one; the command and JMH run it from the class path.
}
