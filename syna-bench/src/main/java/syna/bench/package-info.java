/**
 * The side-by-side storage benchmark command, {@link syna.bench.StorageBench}: the same seeded
 * workloads on Syna, RocksDB, LMDB and a raw {@code FileChannel} log, in one run on one machine.
 */
package syna.bench;
