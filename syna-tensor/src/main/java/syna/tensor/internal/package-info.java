/**
 * The tensor engine's implementation and storage layout (format 1). The same text is in
 * {@code docs/format/tensor.md}.
 *
 * <h2>Namespaces</h2>
 * Descriptions live in namespace {@code tensor} (by default; {@code TensorOptions.namespace}), one
 * BYTES value per tensor at key = the tensor's name. Chunk data lives in {@code tensor.chunks}:
 * chunk {@code n} of a blob at {@code g<16 hex digits>/<n as 8 digits>} (the key layout of
 * {@code syna.api.store.ChunkedBlobs}, whose {@code chunkKey} and {@code deleteChunks} the engine
 * uses), where the 64-bit generation is random per write, so a write never touches the chunks a
 * reader may be reading. The delete journal ({@code syna.api.store.DeleteJournal}) is key
 * {@code journal} of the chunks namespace; its items are {@code g<16 hex>/ -> tensor name}.
 *
 * <h2>Description value</h2>
 * All integers little-endian.
 * <pre>
 * offset 0   u32  magic 0x534E5354 (bytes 'T','S','N','S')
 *        4   u8   format version (1)
 *        5   u8   dtype tag (DType.tag: f16 1, bf16 2, f32 3, f64 4, i8 5, u8 6, i16 7, i32 8, i64 9, bool 10)
 *        6   u8   rank r (0..32)
 *        7   u8   layout: 0 inline, 1 chunked
 *        8   i64  dims[r], outermost first
 * inline:  u32 CRC32C of bytes [0, 8 + 8r)  |  u32 CRC32C of the data  |  data (packed row-major, little-endian)
 * chunked: u64 generation | u32 chunk bytes c | u32 chunk count k | u32 CRC32C of each chunk, k of them
 *          | u32 CRC32C of every byte of the value before it
 * </pre>
 * A tensor of at most {@code inlineBytes} (1 MiB by default) is inline: one value, one read.
 * A larger one has {@code k = ceil(bytes / c)} chunks, each a BYTES value of {@code c} bytes (the last
 * may be shorter); the engine picks {@code c} = 1 MiB below 256 MiB, 4 MiB above, rounded down to whole
 * rows when a row is smaller, and never above the database's {@code maxValueBytes}.
 *
 * <h2>Writes</h2>
 * A chunked write (1) journals {@code g<gen>/} as pending, (2) puts the chunks (straight from the
 * caller's segment when a piece covers a chunk: the log's off-heap write path), (3) commits: under the
 * engine's commit lock, one atomic batch writes the new description and, when it replaces a chunked
 * tensor, journals the old generation; then (4) deletes the old chunks and closes both journal items.
 * A crash before (3) leaves chunks no description names; one after it leaves a journal item whose
 * tensor already names the new generation. On open (unless read-only) every item is finished: a
 * generation the tensor's description names is kept, any other is deleted. Generations this process is
 * writing are skipped. {@code putAll} writes inline rows in atomic batches of about 1 MiB.
 *
 * <h2>Reads</h2>
 * A chunk is read with {@code KeySpace.viewBytes(key)}: the log engine hands out a read-only slice of
 * its map of the file (no copy) and, from one pass over the bytes, checks its record CRC and returns
 * the chunk's CRC32C, which is compared with the description's. A stream ({@code Reader}) gives the
 * caller these views, checked a few chunks ahead on virtual threads; {@code get} and ranges copy from
 * them into the destination. Chunks of one tensor, and the matches of a
 * glob, are read by several virtual threads. Glob matches are ordered by {@code Natural}: digit runs
 * compare as numbers.
 */
package syna.tensor.internal;
