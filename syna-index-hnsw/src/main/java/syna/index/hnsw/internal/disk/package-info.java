/**
 * Disk format of the HNSW index: a sealed file ({@code syna.api.spi.format.SealedFiles}: 128-byte header
 * with kind {@code vector-index}, provider {@code hnsw}, format version 1; body; 24-byte footer with the
 * body's length and CRC32C). All numbers little-endian. Sections start on 64-byte file offsets, padded with
 * zeros. Body:
 *
 * <pre>
 * offset  type   field
 * 0       u32    dimension (1..4096)
 * 4       u32    metric ordinal (0 cosine, 1 euclidean, 2 dot product)
 * 8       u32    M (2..512); layer 0 keeps up to 2M links
 * 12      u32    efConstruction
 * 16      u32    efSearch
 * 20      u32    1 if the seed was configured, else 0
 * 24      i64    level seed
 * 32      u32    N, nodes (live and tombstones)
 * 36      u32    live nodes
 * 40      i32    entry node (-1 when N = 0)
 * 44      u32    max level (the entry node's level)
 * 48      u32    U, ints in the upper-layer section
 * 52      u32    build threads (0 = all)
 * 56      8 bytes zero
 * then, each section padded to a 64-byte file offset:
 * vectors N × dimension f32   (cosine indexes store unit-length vectors)
 * ids     N × i64
 * flags   N × u32             bits 0-7 level, bit 8 ready, bit 9 deleted (tombstone)
 * layer 0 N × (2M + 1) i32    per node: count, then count neighbour nodes, rest unused
 * upper   U i32               for each node with level l &gt; 0, in node order: l lists of (M + 1) ints
 *                             (count, neighbours) for layers 1..l
 * </pre>
 *
 * The reader maps the file, leaves the vectors in the mapping and copies the rest to the heap after checking
 * every count, level, offset and neighbour id (any mismatch is a {@code CorruptFileException}), then packs the
 * lists in memory ({@code HnswGraph.compact}); the file keeps the fixed-size lists above.
 */
package syna.index.hnsw.internal.disk;
