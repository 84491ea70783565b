/**
 * JMH benchmarks of the storage hot paths: put 64 B and 1 KB, get of the latest 1 KB value, and
 * {@code historyAsDoubles} of a 1,000,000-point key. Forks run with a fixed 2 GiB heap. Put and
 * get take {@code -p engine=syna,rocksdb,lmdb} to time the peers through the same adapters.
 *
 * <pre>
 * ./mvnw -q -pl syna-bench -am package -DskipTests
 * java -jar syna-bench/target/benchmarks.jar                    # all, Syna only
 * java -jar syna-bench/target/benchmarks.jar Put -p engine=syna,rocksdb,lmdb
 * </pre>
 */
package syna.bench.jmh;
