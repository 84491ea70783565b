/**
 * Disk format of the HNSW index: a sealed file ({@code syna.api.spi.format.SealedFiles}: 128-byte header
 * with kind {@code vector-index}, provider {@code hnsw}, format version; body; 24-byte footer with the
 * body's length and CRC32C). All numbers little-endian. Sections start on 64-byte file offsets, padded with
 * zeros. Node {@code i} is ordinal {@code i} of the {@code VectorSource} the index is loaded over.
 *
 * <h2>Version 3 (written today): version 2 plus quantization</h2>
 * Field 56 is the quantization ordinal (0 none, 1 int8), field 60 the rerank factor. For int8, after the lists
 * (64-byte aligned): u32 T, nodes the quantizer was trained on (0: untrained, the section ends), u32 zero; then
 * dimension × f32 offsets, dimension × f32 steps; aligned, N × dimension i8 codes (node i at i·dimension, never
 * -128); aligned, N × f32 terms (squared norm for euclidean, else 0; negated for a node coded as clipped). Codes
 * are saved rather than recomputed: a load is one copy and answers exactly as before the save. See
 * {@code docs/format/hnsw.md}.
 *
 * <h2>Version 2 (still read): the graph alone</h2>
 * The vectors are the source's (a vector store's own copy), so the file holds none and no ids.
 *
 * <pre>
 * offset  type   field
 * 0       u32    dimension (1..4096); must equal the source's
 * 4       u32    metric ordinal (0 cosine, 1 euclidean, 2 dot product); must equal the source's
 * 8       u32    M (2..512); layer 0 keeps up to 2M links
 * 12      u32    efConstruction
 * 16      u32    efSearch
 * 20      u32    1 if the seed was configured, else 0
 * 24      i64    level seed
 * 32      u32    N, node slots: one past the highest ordinal added (at most the source's size)
 * 36      u32    live nodes (present, ready, not deleted)
 * 40      i32    entry node (-1 when none)
 * 44      u32    max level (the entry node's level)
 * 48      u32    L, ints in the lists section
 * 52      u32    build threads (0 = all)
 * 56      8 bytes zero (version 3: quantization ordinal, rerank factor)
 * then, each section padded to a 64-byte file offset:
 * flags   N × u32       bits 0-7 level, bit 8 ready, bit 9 deleted (tombstone), bit 10 present;
 *                       0 for an ordinal never added
 * lists   L × u32       for each present node in ordinal order, for each layer 0..level: count, then
 *                       count neighbour nodes (each present and of level at least the layer)
 * </pre>
 *
 * <h2>Version 1 (still read)</h2>
 * The same 64-byte preamble with field 32 = N nodes and field 48 = U, ints of the upper section; then sections
 * vectors (N × dimension f32, unit length for cosine), ids (N × i64), flags (N × u32: bits 0-7 level, 8 ready,
 * 9 deleted), layer 0 (N × (2M + 1) i32: count, neighbours, rest unused) and upper (U i32: for each node with
 * level l &gt; 0, l lists of (M + 1) ints for layers 1..l). The reader skips the vectors (the source has them)
 * and makes node {@code k} the ordinal {@code ids[k]}: every live node (an id live twice, or outside the
 * source, is damage), and a tombstone where its ordinal is free; links to a tombstone left out are dropped.
 *
 * <p>The reader checks every count, level, offset and neighbour against the file and the source (any mismatch
 * is a {@code CorruptFileException}), copies the lists to the heap and packs them ({@code HnswGraph.compact}).
 */
package syna.index.hnsw.internal.disk;
