/**
 * Headers, footers and checksums shared by every file Syna and its plugins write, and the file channel
 * they are opened with ({@link syna.api.spi.format.InterruptSafeChannel}: a thread's interrupt does not
 * close it for the others).
 *
 * <h2>Header (128 bytes, little-endian)</h2>
 * <pre>
 * offset size field
 *      0    8 magic 0x89 'S' 'Y' 'N' 'A' 0x0D 0x0A 0x1A (PNG-style: catches text-mode and truncation damage)
 *      8    2 header length, 128 in this version (readers accept 128..4096 and skip the rest)
 *     10    1 kind length k (1..32), then k bytes of kind (ASCII, e.g. "log", "vector-index")
 *   11+k    1 provider length p (1..32), then p bytes of provider name (e.g. "log", "hnsw")
 * 12+k+p    4 format version (u32, >= 1) of that provider's format
 *  ...     16 database id (UUID, most then least significant 64 bits)
 *  ...      8 creation time, ms since the epoch
 *  ...      . zero padding up to header length - 4
 *  len-4    4 CRC32C of bytes [0, len-4)
 * </pre>
 *
 * <h2>Footer of sealed files (24 bytes, little-endian)</h2>
 * Files written once (index files, snapshots) end with: magic "SYNAEND\0" (8), body length (u64,
 * bytes between header and footer), CRC32C of the body (4), CRC32C of the preceding 20 footer bytes (4).
 * Append-only files (the log) have no footer: each record carries its own CRC32C instead.
 */
package syna.api.spi.format;
