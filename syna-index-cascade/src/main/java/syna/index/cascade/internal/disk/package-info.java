/**
 * Disk format of the Cascade index, version 1: a sealed file ({@code syna.api.spi.format.SealedFiles}: 128-byte
 * header with kind {@code vector-index}, provider {@code cascade}, format version; body; 24-byte footer with the
 * body's length and CRC32C). All numbers little-endian. Graph node {@code n} stands for ordinal
 * {@code ordinal[n]} of the {@code VectorSource} the index is loaded over; the vectors stay there.
 *
 * <pre>
 * offset  type   field
 * 0       u32    dimension; must equal the source's
 * 4       u32    metric ordinal (0 cosine, 1 euclidean, 2 dot product); must equal the source's
 * 8       u32    T, LSH tables
 * 12      u32    b, hyperplanes per table
 * 16      u32    R, degree
 * 20      u32    S, stride: most links a list holds (R + R/2)
 * 24      i64    seed of the hyperplanes
 * 32      u32    N, node ids (live, deleted, free)
 * 36      u32    live nodes
 * 40      u32    deleted nodes (tombstones)
 * 44      i32    entry node (-1 when none)
 * 48      u32    M, bucket-tree nodes
 * 52      u32    O, bytes of the options text
 * 56      u32    ordinal bound: one past the largest ordinal of a live or deleted node (at most the source's size)
 * 60      u32    1 if hyperplanes follow (0 only for an index that never held a vector)
 * 64      O bytes   options: UTF-8 "name=value" lines sorted by name (CascadeOptions.toMap())
 *         dimension × f32          centre of the hyperplanes            } when the flag at 60 is 1
 *         T × b × dimension × f32  unit hyperplane normals, row-major   }
 *         N × u8    node state: 0 free, 1 live, 2 deleted
 *         zero bytes to a 4-byte file offset
 *         N × i32   ordinal of each node (-1 for a free id)
 *         for each node: u32 count c (≤ S; 0 for a free id), then c × u32 neighbour node ids (not free, not itself)
 *         (T &lt;&lt; b) × i32   root tree node of each bucket (table-major), -1 for an empty bucket
 *         for each tree node 0..M-1:
 *           u32 depth, i32 left, i32 right (-1, -1 for a leaf)
 *           inner node: f32 plane offset, dimension × f32 plane normal (the side is normal·v - offset &gt; 0)
 *           leaf: u32 count m, m × u32 member node ids (live or deleted)
 * </pre>
 *
 * <p>The reader checks every field: options parse and agree with T, b and R; states, counts and the entry node
 * agree; live ordinals are unique and below the bound; links point at non-free nodes; each tree node is reached
 * exactly once from a root or a parent, children come after their parent (no cycles), depths follow, planes are
 * finite; leaf members are non-free nodes; the parts end exactly at the body's end. Any mismatch is a
 * {@code CorruptFileException} with the offset.
 */
package syna.index.cascade.internal.disk;
