/**
 * Vector stores over any {@code syna.api.Database}: the durable store and the memory-mapped one.
 *
 * <h2>Memory-mapped store ({@link syna.vector.internal.MmapVectorStoreImpl})</h2>
 * A directory with two files.
 *
 * <p>{@code vectors.syna}: the shared 128-byte header (kind {@code mmap-vectors}, provider {@code log},
 * version 1), two 64-byte superblocks at offsets 128 and 192, then slots from offset 256, one vector
 * per slot, each {@code dimension * 4} bytes rounded up to 64 so every vector is 64-byte aligned
 * (cache lines, AVX-512 loads). Floats are native order. Superblock (little-endian): magic
 * {@code "MVSB"} (u32), sequence (u64), dimension (u32), metric ordinal (u32), slots used (u64),
 * committed length of the keys file (u64), capacity in slots (u64), CRC32C of the preceding 44 bytes
 * (u32), zero padding. The valid superblock with the higher sequence wins; a checkpoint writes the
 * other one, so a torn superblock write falls back to the previous checkpoint.
 *
 * <p>{@code keys.syna}: the shared header (kind {@code mmap-keys}) then records: CRC32C (u32) of the
 * rest, op (u8: 1 put, 2 delete), slot (u64), key length (u16), key (UTF-8).
 *
 * <h3>What survives a crash</h3>
 * Exactly the state of the last {@code checkpoint()} (or {@code close()}). Slots are written
 * copy-on-write: replacing a key's vector writes a new slot, so no slot a checkpoint references is
 * ever rewritten; on open, slots past the superblock's count and key records past its committed
 * length are ignored and the keys file is truncated back. Space of replaced or deleted vectors is
 * not reused (a later compaction may reclaim it).
 *
 * <h3>Attached index</h3>
 * From {@code indexThreshold} vectors on, an index of the configured provider (by default
 * {@code hnsw} when present) answers searches, with slot numbers as ids. Inserts never wait for it:
 * the first search builds it, and later searches and checkpoints add the slots written since. A checkpoint saves it to
 * {@code index.syna} and then {@code index.meta} (a sealed file: superblock sequence (u64), provider
 * name length (u8), name): on open it is loaded only when that sequence is the committed one, so it
 * reflects exactly the vectors a crash left; otherwise, or when it is damaged, the next search rebuilds it.
 *
 * <h2>Log store ({@link syna.vector.internal.LogVectorStore})</h2>
 * Vectors and metadata are log entries; the attached index is fed by a background thread, and the
 * slots it has not caught up with are searched exactly (a search waits only when more than
 * {@link syna.vector.internal.AttachedIndex#TAIL_BOUND} are behind). A checkpoint or close
 * catches it up before saving it, with a fingerprint of the slots, keys and vectors it reflects.
 *
 * <h2>Filtered search (both stores, {@link syna.vector.internal.AttachedIndex})</h2>
 * The filter runs once per live slot into a bitset. When fewer slots match than an index search
 * would visit to keep {@code ef} of them ({@code ef · 32 / share}), the matches are scanned exactly;
 * otherwise the index searches with the bitset as its accept filter.
 */
package syna.vector.internal;
