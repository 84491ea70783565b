/**
 * Workloads, key choice and latency recording. The zipfian generator follows Gray, Sundaresan,
 * Englert, Baclawski and Weinberger, "Quickly Generating Billion-Record Synthetic Databases"
 * (SIGMOD 1994), with ranks scattered over the key space by a 64-bit FNV-1a hash as YCSB's
 * "scrambled zipfian" does, so hot keys are not neighbours.
 */
package syna.bench.workload;
