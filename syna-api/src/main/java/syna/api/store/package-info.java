/**
 * Building blocks for features stored in a {@link syna.api.Database}, shared by Syna's own modules
 * (model registry, tracker, tensor engine) and by plugins, over any {@link syna.api.KeySpace}
 * (usually the feature's {@link syna.api.Namespace}):
 * <ul>
 *   <li>{@link syna.api.store.ChunkedBlobs}: byte streams of any size as fixed-size BYTES chunks
 *       with a digest over the whole, written and read as streams or off-heap segments with bounded
 *       memory (every chunk is also CRC32C-checked by the log on read);</li>
 *   <li>{@link syna.api.store.DeleteJournal}: crash-safe deletes of many keys: one atomic batch is the
 *       commit point, the bulk is finished by the next open after a crash;</li>
 *   <li>{@link syna.api.store.Names}: checks and key-safe encoding of user-given names.</li>
 * </ul>
 * They need {@code java.base} and {@code syna.api} only.
 */
package syna.api.store;
