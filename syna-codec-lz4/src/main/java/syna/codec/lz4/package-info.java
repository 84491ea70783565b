/**
 * LZ4 value codec. The codec is found by {@link java.util.ServiceLoader} under the name
 * {@code "lz4"}; this package holds no public types.
 *
 * <p>Format version 1: a value is one raw LZ4 block (the LZ4 block format, no frame, no
 * checksum: the storage engine checksums every entry and records the raw length).
 */
package syna.codec.lz4;
