/**
 * Vector stores over any {@code syna.api.Database}: the durable store and the memory-mapped one.
 *
 * <h2>Memory-mapped store ({@link syna.vector.internal.MmapVectorStoreImpl})</h2>
 * A directory with three files (format 2; layout in {@code docs/format/mmap-vectors.md}).
 *
 * <p>{@code vectors.syna}: the shared 128-byte header (kind {@code mmap-vectors}, provider {@code log},
 * version 2), two 64-byte superblocks at offsets 128 and 192, then slots from offset 256, one vector
 * per slot, each {@code dimension * 4} bytes rounded up to 64 so every vector is 64-byte aligned
 * (cache lines, AVX-512 loads). Floats are native order. Superblock (little-endian): magic
 * {@code "MVSB"} (u32), sequence (u64), dimension (u32), metric ordinal (u32), slots used (u64),
 * committed length of the keys file (u64), capacity in slots (u64), CRC32C of the preceding 44 bytes
 * (u32), zero padding. The valid superblock with the higher sequence wins; a checkpoint writes the
 * other one, so a torn superblock write falls back to the previous checkpoint, with a WARNING and a
 * problem in {@code verify()} saying what was dropped.
 *
 * <p>{@code keys.syna}: the shared header (kind {@code mmap-keys}, version 1) then records: CRC32C (u32) of
 * the rest, op (u8: 1 put, 2 delete), slot (u64), key length (u16), key (UTF-8).
 *
 * <p>{@code checksums.syna} ({@link syna.vector.internal.SlotChecksums}): the shared header (kind
 * {@code mmap-checksums}) then a CRC32C (u32) per slot, checked for every live slot at open and for every slot
 * by {@code verify()}. A format-1 store (no such file) is upgraded at open.
 *
 * <h3>What survives a crash</h3>
 * Exactly the state of the last {@code checkpoint()} (or {@code close()}). Slots are written
 * copy-on-write: replacing a key's vector writes a new slot, so no slot a checkpoint references is
 * ever rewritten; on open, slots past the superblock's count and key records past its committed
 * length are ignored and the keys file is truncated back. Space of replaced or deleted vectors is
 * not reused (a later compaction may reclaim it).
 *
 * <h3>Attached index</h3>
 * From {@code indexThreshold} vectors on, an index of the configured provider (by default {@code hnsw} when
 * present) answers searches over the store's slots as ordinals, reading the vectors in the mapping. It is built
 * and caught up in the background ({@link syna.vector.internal.AttachedIndex}). A checkpoint saves it to
 * {@code index.syna} and then {@code index.meta} (a sealed file: superblock sequence (u64), provider name length
 * (u8), name) once it covers every vector; a close saves it as far as it is built. On open it is adopted only
 * when that sequence is the committed one, so it reflects exactly the vectors a crash left (slots are never
 * rewritten, so what it holds is current, and the rest is added in the background); otherwise, or when it is
 * damaged, it is rebuilt in the background.
 *
 * <h2>Log store ({@link syna.vector.internal.LogVectorStore})</h2>
 * Vectors and metadata are entries of the database (key layout {@link syna.vector.internal.StoreKeys}); the one
 * resident copy of the vectors is off the heap ({@link syna.vector.internal.PagedVectors}). The index is saved
 * beside the database ({@code indexes/<store>.index} and {@code .index.meta}: the slot layout, a fingerprint of
 * the slots, keys and vectors it was saved with, and the slots it did not hold current yet) at a checkpoint once
 * it covers every vector and at close as far as it is built; on open it is adopted only when the fingerprint
 * still matches.
 *
 * <h2>Indexing in the background, searches never wait (both stores)</h2>
 * Writes return once stored; a background thread adds their slots to the index in rounds of about a quarter
 * second, and searches measure the slots it does not cover yet exactly, so results are exact-complete while it
 * builds. {@code indexStatus()} reports the state, coverage and an estimate; builds log progress at most every
 * few seconds. {@code checkpoint()} waits for the store's writes to be durable (and for the index file when the
 * index is complete and changed), never for a build; {@code close()} stops the indexer after its round in
 * progress, saves what is built, and the next open resumes.
 *
 * <h2>Filtered search (both stores)</h2>
 * The filter runs once per live slot into a bitset; the index gets the matches it covers as an ordinal filter
 * of known cardinality and plans the search itself (its graph, or an exact scan of the matches); the matches it
 * does not cover yet are measured exactly by the store.
 */
package syna.vector.internal;
