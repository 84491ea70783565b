/**
 * Disk format of the Gravity Well index, version 1: a sealed file ({@code syna.api.spi.format.SealedFiles}:
 * 128-byte header with kind {@code vector-index}, provider {@code gwi}, format version; body; 24-byte footer with
 * the body's length and CRC32C). All numbers little-endian, no padding. Ordinals are those of the
 * {@code VectorSource} the index is loaded over; the vectors stay there.
 *
 * <pre>
 * offset  type   field
 * 0       u32    dimension; must equal the source's
 * 4       u32    metric ordinal (0 cosine, 1 euclidean, 2 dot product); must equal the source's
 * 8       u32    state: 0 untrained (one list, searched exactly), 1 trained
 * 12      u32    L, levels of the tree (0 when untrained, else 1..4)
 * 16      u32    trained branching B (a parent splits above 2B children)
 * 20      u32    ordinal bound: one past the largest ordinal held (at most the source's size)
 * 24      i64    seed of sampling and k-means
 * 32      i64    trainings done
 * 40      u32    live ordinals
 * 44      u32    O, bytes of the options text
 * 48      u32    P, list slots (the leaf level's ids; 1 when untrained)
 * 52      12 bytes zero
 * 64      O bytes   options: UTF-8 "name=value" lines sorted by name (GwiOptions.toMap())
 * then, when trained, for each level 0..L-1 (0 is the top):
 *         u32    C, node ids of the level (live and free)
 *         u32    live nodes
 *         C × i32   parent id on the level above (-1 on level 0; -2 for a free id)
 *         C × dimension f32   centroids (zeros for a free id; unit length for cosine)
 * then, for each list slot 0..P-1:
 *         u32    n, ordinals in the list (0 for a free leaf)
 *         n × u32   the ordinals
 * </pre>
 *
 * <p>{@link syna.index.gwi.internal.disk.GwiReader} checks every field: the options parse and validate, every
 * parent is a live node of the level above, every live upper node has a child, centroids are finite, every
 * ordinal is below the bound and held once, list lengths add up to the live count, and the parts end exactly at
 * the body's end. Any mismatch is a {@code CorruptFileException} with the offset.
 */
package syna.index.gwi.internal.disk;
