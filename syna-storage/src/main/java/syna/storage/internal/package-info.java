/**
 * The log engine ({@code StorageEngineProvider} "log"): an append-only log with an in-memory index.
 *
 * <h2>Files of a database directory</h2>
 * <pre>
 * data.log                 the log (header + records); the only authoritative file
 * LOCK                     FileChannel.tryLock'ed while open: a second process, or a second handle in
 *                          this JVM (OverlappingFileLockException), gets DatabaseLockedException
 * data.log.new             a log being created (header forced, then renamed); deleted on open
 * data.log.compacting      compaction output before its rename; deleted on open
 * data.log.damaged-MILLIS  copy of a log kept by salvage before it was rewritten
 * </pre>
 *
 * <h2>Log layout (format versions 1 and 2, little-endian)</h2>
 * The file starts with the {@link syna.api.spi.format.FileHeader} (128 bytes: kind "log", provider
 * "log", version 1 or 2, the database UUID, creation time; its own CRC32C). New files and every
 * compaction are version 2; a version-1 file is appended to in version 1 until compacted.
 * Records follow back to back:
 * <pre>
 * offset size field
 *      0    4 CRC32C (Castagnoli) of bytes [4, length) of this record
 *      4    4 length: whole record, header included (u32; at most 20 + 65535 + 1 GiB + 64)
 *      8    1 kind: ValueType.tag() 0 null/delete, 1 float64, 2 int64, 3 text, 4 bytes, 5 vector;
 *             16 float64 series, 17 int64 series, 32 codec table entry,
 *             33 namespace (v2: key = name, value = varint id), 34 namespace dropped (v2)
 *      9    1 flags: 0x01 CONTINUES (more records of this atomic unit follow),
 *             0x02 COMPRESSED (value = varint codec id, varint raw length, codec bytes),
 *             0x04 NAMESPACED (v2: the key field is varint namespace id, then the key);
 *             other bits must be zero
 *     10    2 key field length k (u16, 1..65535)
 *     12    8 timestamp, microseconds since the epoch (non-decreasing per key)
 *     20    k key field: the key in UTF-8, after the namespace id when NAMESPACED
 *   20+k    . value, length - 20 - k bytes:
 *               null: empty; float64: 8 bytes IEEE bits; int64: 8 bytes;
 *               text: UTF-8; bytes: as is; vector: u32 dimension d, then d float32 IEEE bits;
 *               series: see SeriesEncoding (u8 mode, varint count &lt;= 65536, [u8 decimal digits],
 *               [per-point timestamps: deltas; v2 also delta-of-delta or runs], values as zig-zag
 *               varint deltas or byte-wise XOR);
 *               codec entry: key = codec provider name, value = u8 id used by later records
 * </pre>
 * <b>Atomic units.</b> A unit is a run of records each flagged CONTINUES, closed by one record
 * without it. A single put is a one-record unit; a {@code WriteBatch}, or a {@code putFloats} of
 * more than 65,536 points, is a multi-record unit. Recovery applies a unit only when its closing
 * record is present and every record of it checks out.
 *
 * <h2>Namespaces (format 2)</h2>
 * Each key space has its own {@link syna.storage.internal.Space}: the user keys (id 0) and each
 * namespace, with its own {@link syna.storage.internal.KeyIndex}, sorted key view and counters, so
 * listing or counting the user keys never visits a feature's keys. A namespace record defines an
 * id; a drop record removes the namespace and all its keys in one record; ids are never reused in
 * a file and compaction keeps them (handles stay valid). Batches span spaces as one atomic unit.
 *
 * <h2>Code map</h2>
 * {@link syna.storage.internal.LogOpener} opens, recovers and salvages;
 * {@link syna.storage.internal.LogWriter} is the one write template (encode, append, apply) that
 * every write of {@link syna.storage.internal.WriteUnits} goes through;
 * {@link syna.storage.internal.LogKeySpace} holds the key-space operations of
 * {@link syna.storage.internal.LogDatabase} (user keys, namespace management, maintenance) and
 * {@link syna.storage.internal.LogNamespace}; {@link syna.storage.internal.HistoryView} holds the
 * history projections; {@link syna.storage.internal.Compactor} rewrites and swaps.
 *
 * <h2>Recovery</h2>
 * {@link syna.storage.internal.Recovery} scans with an 8 MiB reusable buffer and checks each
 * record's bounds before trusting its length (against the bytes left in the file and the format's
 * maximum, so a damaged length never allocates) and then its CRC. A bad record with no valid
 * record after it is a torn tail: the file is truncated to the start of the unfinished unit and one
 * WARNING names the offset and byte count. A bad record followed by a valid one is corruption:
 * {@code CorruptFileException} with the offset, or with {@code salvage} the valid units are kept,
 * the file is copied to {@code data.log.damaged-MILLIS} and rewritten.
 *
 * <h2>Checkpoints</h2>
 * {@link syna.storage.internal.Checkpointer} writes {@link syna.storage.internal.CheckpointFile}
 * ({@code docs/format/checkpoint.md}): every key's history entries (times, types, numeric bits,
 * record offsets), the namespaces and the codec table, as of an offset of the log, at close and
 * after {@code max(64 MiB, 4 x its last size)} bytes of log, on a background thread that holds the
 * writer lock only to note the offset. An open loads it and scans only the log after that offset
 * ({@link syna.storage.internal.Recovery#resume}); a missing, damaged, foreign or stale checkpoint
 * (database id, the log header's CRC, the CRC of the 4 KiB before its offset) is deleted with a
 * WARNING and the whole log is scanned. Compaction deletes it before its rename. Text and bytes
 * values are not in the checkpoint: a key loaded from it reads its small latest value on first get.
 *
 * <h2>Read path (why in-memory columns)</h2>
 * The index is a {@link syna.storage.internal.KeyIndex} for one writer and lock-free readers: keys
 * numbered in insertion order in columns and an int open-addressing table over them. A key with
 * one entry (most keys) is nothing but its columns (time, type, numeric bits, record offset, the
 * cached latest value): no object besides its key string. A key with several entries has a
 * {@link syna.storage.internal.KeyHistory}: columns of timestamps, types, the 64 bits of numeric
 * values and record offsets, published as an immutable {@link syna.storage.internal.HistoryView}
 * through a volatile field (or just that view, for a key loaded from a checkpoint and not written
 * since). Reads never take the writer's lock. Numeric
 * history lives entirely in memory (25 bytes a point), so {@code historyAsDoubles} is an array
 * walk. The latest value of each key is kept decoded when it is at most 4 KiB, so {@code get} of a
 * small value is a hash lookup; larger values and older text/bytes/vector entries are read with a
 * positional {@code FileChannel.read} (thread-safe, no shared cursor) and their CRC re-checked. We
 * chose this over a memory-mapped log because the log grows and is replaced by compaction, which
 * would force remapping and reference-counted arenas on every reader, while the values a hot read
 * path needs are small. Only when a reader asks for an old entry still in the NONE write buffer
 * does it take the write lock, once, to flush.
 *
 * <h2>Durability</h2>
 * One writer at a time (a {@code ReentrantLock}). Records are encoded into a user-space buffer.
 * <ul>
 *   <li>{@code NONE}: the buffer goes to the OS when it holds 64 KiB, every 5 ms (a daemon
 *       flusher thread), on {@code sync()}, {@code close()} and compaction, and at once for a value
 *       too large to serve from memory. A process crash may lose the writes of the last ~5 ms; a
 *       power loss whatever the OS had not written back. Recovery always yields a prefix of the
 *       acknowledged writes. Measured on the shared 2-core dev box (load average 12-15, so wall
 *       clock figures are pessimistic): write-through, one {@code pwrite} per put, ran at ~136k
 *       puts/s of 64-byte values; buffered at 200k-600k puts/s wall clock and ~1.1M puts per
 *       CPU-second, so NONE buffers. Note: this is weaker than the sentence on
 *       {@code Durability.NONE} in syna.api ("a process crash does not" lose writes).</li>
 *   <li>{@code GROUP}: each write goes to the OS at once, then the writer waits in
 *       {@link syna.storage.internal.GroupCommitter} until an fsync that started after its write
 *       completes; one leader's fsync covers every write before it.</li>
 *   <li>{@code ALWAYS}: write, then {@code force} before the call returns.</li>
 * </ul>
 * Values become visible to readers once their unit is written to the buffer or file, before the
 * GROUP/ALWAYS fsync completes; entries of one batch become visible key by key.
 *
 * <h2>Compaction</h2>
 * {@link syna.storage.internal.Compactor} writes the kept history to {@code data.log.compacting}
 * in format 2, copying stored records byte for byte and never encoding numeric history larger
 * than the records it came from (so a compaction never grows the file),
 * forces it, renames it over {@code data.log} and forces the directory. The rename is the commit
 * point; a crash before it leaves the old log (the leftover is deleted on open), after it the new
 * one. Retention all keeps every entry, deleted keys included; lastN/none drop deleted keys.
 * Readers that hold the previous generation keep reading the old file, whose channel stays open
 * until {@code close()}.
 */
package syna.storage.internal;
