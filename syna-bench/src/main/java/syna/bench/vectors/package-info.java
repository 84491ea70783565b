/**
 * The vector-store benchmark command ({@link syna.bench.vectors.VectorBench}): exact-search scan rate
 * against the machine's measured memory bandwidth, SIMD against scalar kernels, memory-mapped bulk
 * ingest against a raw positional-write baseline, and durable inserts per durability mode.
 */
package syna.bench.vectors;
