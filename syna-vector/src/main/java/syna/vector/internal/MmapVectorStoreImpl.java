package syna.vector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Map;
import syna.api.Atom;
import syna.api.CorruptFileException;
import syna.api.DatabaseLockedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.SynaException;
import syna.api.SynaIOException;
import syna.api.UnsupportedFeatureException;
import syna.api.VectorStoreOptions;
import syna.api.Vectors;
import syna.api.VerifyReport;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.format.Checksums;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.InterruptSafeChannel;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;

/**
 * The memory-mapped vector store; layout and crash guarantees in the package documentation.
 * Concurrent reads, one writer (a read-write lock: searches share it; inserts, deletes, growth and
 * checkpoints take it alone). Thread-safe.
 */
public final class MmapVectorStoreImpl extends SlotVectorStore {
    private static final System.Logger LOG = System.getLogger(MmapVectorStoreImpl.class.getName());

    static final String PROVIDER = "log";
    static final String DATA_KIND = "mmap-vectors";
    static final String KEYS_KIND = "mmap-keys";
    static final String INDEX_META_KIND = "mmap-index-meta";
    private static final ValueLayout.OfLong LE_LONG_LAYOUT =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Version 2 keeps a CRC32C per slot in {@code checksums.syna}; version-1 stores are upgraded at open. */
    static final int FORMAT_VERSION = 2;
    /** The keys file is unchanged since version 1. */
    static final int KEYS_VERSION = 1;
    static final String CHECKSUMS_FILE = "checksums.syna";
    /** Version of {@code index.meta}. */
    static final int INDEX_META_VERSION = 1;
    static final long SUPERBLOCK_A = FileHeader.SIZE;
    static final long SUPERBLOCK_B = FileHeader.SIZE + 64;
    static final long DATA_START = FileHeader.SIZE + 128;
    private static final int SUPERBLOCK_MAGIC = 0x4253564D; // "MVSB" little-endian
    private static final int OP_PUT = 1;
    private static final int OP_DELETE = 2;
    private static final int KEY_RECORD_FIXED = 4 + 1 + 8 + 2;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int STAGING_BYTES = 4 << 20;

    private final Path dir;
    private final Path dataFile;
    private final Path keysFile;
    private final long stride;
    private final DistanceMetric metric;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final FileChannel dataCh;
    private final FileChannel keysCh;

    /** The store's id (in every header). */
    private UUID storeId;
    /** CRC32C per slot: checked at open and by verify; null only while a format-1 store is read. */
    private SlotChecksums checksums;
    /** What open found and worked around (an older checkpoint taken, what it dropped); verify reports it. */
    private final List<VerifyReport.Problem> openProblems = new java.util.ArrayList<>();

    /** Key records not yet in the keys file; written at checkpoint. */
    private byte[] pendingKeys = new byte[1 << 16];
    private int pendingLength;
    /** Native-order staging for vector bytes, written with one positional write per chunk. */
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.nativeOrder());
    private final MemorySegment stagingSegment = MemorySegment.ofBuffer(staging);

    /** Every mapping of the vectors file; closed with the store (a mapping is never replaced under a reader). */
    private final Arena arena = Arena.ofShared();
    /** The mapped slots, read in place by exact search and by the index: the one resident copy. */
    private final PagedVectors paged;
    /** Slots the installed pages cover. */
    private long mapped;
    private long capacity;
    private long used;
    private long committedUsed;
    private long keysLength;
    private long sequence;
    private long lastSuperblockKeys = -1;

    /** The attached index: new slots join it at the next search or checkpoint (ingest stays at memory speed). */
    private final AttachedIndex attached;

    private MmapVectorStoreImpl(Path dir, VectorStoreOptions options, Optional<VectorIndexProvider> provider,
            FileChannel lockChannel, FileLock fileLock, FileChannel dataCh, FileChannel keysCh) {
        super(options.dimension(), 1024, dir.toString());
        this.dir = dir;
        this.dataFile = dir.resolve("vectors.syna");
        this.keysFile = dir.resolve("keys.syna");
        this.stride = (4L * dim + 63) & ~63L;
        this.metric = options.metric();
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.dataCh = dataCh;
        this.keysCh = keysCh;
        this.paged = PagedVectors.external(dim, metric, stride);
        this.attached = new AttachedIndex(dir.toString(), options, provider, lock, keys, paged, slot -> Map.of());
    }

    @Override
    AttachedIndex attached() {
        return attached;
    }

    @Override
    float[] vectorAt(int slot) {
        return read(slot);
    }

    /** Opens or creates the store in {@code dir}. */
    public static MmapVectorStoreImpl open(Path dir, VectorStoreOptions options) {
        return open(dir, options, IndexChoice.resolve(options));
    }

    /** As {@link #open(Path, VectorStoreOptions)} with the index provider given (tests wrap one); empty: exact only. */
    static MmapVectorStoreImpl open(Path dir, VectorStoreOptions options, Optional<VectorIndexProvider> provider) {
        SearchWarmUp.start(options == null ? null : options.metric(), true); // the first search runs compiled code
        FileChannel lockCh = null;
        FileLock lk = null;
        FileChannel data = null;
        FileChannel keys = null;
        try {
            Files.createDirectories(dir);
            lockCh = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lk = lockCh.tryLock();
            } catch (OverlappingFileLockException e) {
                lk = null;
            }
            if (lk == null) {
                throw new DatabaseLockedException("vector store " + dir + " is open elsewhere (lock file held)");
            }
            Path dataFile = dir.resolve("vectors.syna");
            boolean create = !Files.exists(dataFile);
            // interrupt-safe: an interrupted insert or checkpoint must not close the files for every thread
            data = InterruptSafeChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            keys = InterruptSafeChannel.open(dir.resolve("keys.syna"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            MmapVectorStoreImpl s = new MmapVectorStoreImpl(dir, options, provider, lockCh, lk, data, keys);
            try {
                if (create || data.size() == 0) {
                    // An empty data file is a store whose creation crashed before its header, unless
                    // the keys file holds records: then the vectors were lost, and creating a new store
                    // would silently overwrite the keys of the old one.
                    if (keys.size() > FileHeader.SIZE) {
                        throw new CorruptFileException(dataFile, 0, "vectors file is empty but "
                                + dir.resolve("keys.syna") + " holds " + (keys.size() - FileHeader.SIZE)
                                + " bytes of key records; restore the vectors file or remove both to start anew");
                    }
                    s.create(options.initialCapacity());
                } else {
                    s.load();
                    s.attachIndexOnOpen();
                }
            } catch (IOException | RuntimeException e) {
                s.attached.close();
                s.arena.close();
                closeQuietly(s.checksums);
                throw e;
            }
            return s;
        } catch (IOException e) {
            closeQuietly(keys, data, lk, lockCh);
            throw new SynaIOException("cannot open vector store " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(keys, data, lk, lockCh);
            throw e;
        }
    }

    private void create(long initialCapacity) throws IOException {
        UUID id = UUID.randomUUID();
        storeId = id;
        dataCh.truncate(0);
        FileHeader.of(DATA_KIND, PROVIDER, FORMAT_VERSION, id).writeTo(dataCh);
        keysCh.truncate(0);
        FileHeader.of(KEYS_KIND, PROVIDER, KEYS_VERSION, id).writeTo(keysCh);
        keysCh.force(true);
        checksums = SlotChecksums.create(dir.resolve(CHECKSUMS_FILE), id, PROVIDER);
        keysLength = FileHeader.SIZE;
        capacity = initialCapacity;
        extendFile(capacity);
        mapUpTo();
        sequence = 0;
        writeSuperblock(); // sequence 1, into superblock A
        dataCh.force(true);
        SealedFiles.syncDirectory(dir);
    }

    /** What a superblock slot holds: a valid superblock, nothing (never written), or damage. */
    private record Superblock(long offset, ByteBuffer bytes, boolean valid, boolean empty) {
        long sequence() {
            return bytes.getLong(4);
        }
    }

    private Superblock readSuperblock(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.max(0, dataCh.read(b, at));
        boolean empty = true;
        for (int i = 0; i < n; i++) {
            empty &= b.get(i) == 0;
        }
        boolean valid = n >= 48 && b.getInt(0) == SUPERBLOCK_MAGIC && b.getInt(44) == Checksums.crc32c(b.array(), 0, 44);
        return new Superblock(at, b, valid, empty && !valid);
    }

    private void load() throws IOException {
        FileHeader dh = FileHeader.read(dataCh, dataFile).expect(dataFile, DATA_KIND, PROVIDER, FORMAT_VERSION);
        FileHeader kh = FileHeader.read(keysCh, keysFile).expect(keysFile, KEYS_KIND, PROVIDER, KEYS_VERSION);
        if (!dh.databaseId().equals(kh.databaseId())) {
            throw new CorruptFileException(keysFile, 16, "keys file belongs to another store (id " + kh.databaseId()
                    + ", vectors file has " + dh.databaseId() + ")");
        }
        storeId = dh.databaseId();
        Superblock a = readSuperblock(SUPERBLOCK_A);
        Superblock b = readSuperblock(SUPERBLOCK_B);
        Superblock sb = !a.valid() ? (b.valid() ? b : null) : !b.valid() ? a : (a.sequence() >= b.sequence() ? a : b);
        if (sb == null) {
            throw new CorruptFileException(dataFile, SUPERBLOCK_A, "neither superblock is valid");
        }
        Superblock other = sb == a ? b : a;
        ByteBuffer bytes = sb.bytes();
        sequence = bytes.getLong(4);
        int storedDim = bytes.getInt(12);
        int storedMetric = bytes.getInt(16);
        used = bytes.getLong(20);
        keysLength = bytes.getLong(28);
        if (storedDim != dim) {
            throw new DimensionMismatchException("vector store " + dir + " holds dimension " + storedDim
                    + ", opened with dimension " + dim);
        }
        if (storedMetric != metric.ordinal()) {
            throw new InvalidArgumentException("vector store " + dir + " uses metric "
                    + DistanceMetric.values()[Math.min(storedMetric, DistanceMetric.values().length - 1)]
                    + ", opened with " + metric);
        }
        long fileSize = dataCh.size();
        capacity = (fileSize - DATA_START) / stride;
        if (used < 0 || used > capacity) {
            throw new CorruptFileException(dataFile, sb.offset(), "superblock says " + used + " slots, file holds "
                    + capacity);
        }
        if (keysLength < FileHeader.SIZE || keysLength > keysCh.size()) {
            throw new CorruptFileException(keysFile, keysCh.size(), "committed keys length " + keysLength
                    + " but the file has " + keysCh.size() + " bytes");
        }
        committedUsed = used;
        lastSuperblockKeys = keysLength;
        mapUpTo();
        readKeys();
        if (dh.formatVersion() >= 2) {
            checksums = SlotChecksums.open(dir.resolve(CHECKSUMS_FILE), storeId, PROVIDER, used);
        }
        String dropped = dropUncommitted();
        if (!other.valid() && !other.empty()) {
            VerifyReport.Problem p = new VerifyReport.Problem(dataFile, other.offset(), "superblock damaged (bad magic or"
                    + " CRC32C: a crash while a checkpoint wrote it, or damage to the file); opened checkpoint " + sequence
                    + ", the newest intact one" + (dropped.isEmpty() ? "; nothing written after it was found"
                            : "; dropped what was written after it: " + dropped));
            openProblems.add(p);
            LOG.log(Level.WARNING, "Syna vector store " + dir + ": " + p);
        } else if (!dropped.isEmpty()) {
            LOG.log(Level.WARNING, "Syna vector store " + dir + ": dropped what was written after the last checkpoint ("
                    + sequence + "): " + dropped);
        }
        paged.restore((int) used); // visible, and their norms for cosine
        if (checksums == null) {
            upgrade(dh);
        } else {
            checkSlots();
        }
    }

    /**
     * Cuts what lies past the committed state (key records and slot checksums of a checkpoint that did not finish,
     * or whose superblock was lost) and says what it was; empty when nothing was there.
     */
    private String dropUncommitted() throws IOException {
        StringBuilder what = new StringBuilder();
        if (keysCh.size() > keysLength) {
            what.append(describeKeyRecords(keysLength, keysCh.size()));
            keysCh.truncate(keysLength);
            keysCh.force(true);
        }
        if (checksums != null && checksums.beyond(used) > 0) {
            what.append(what.isEmpty() ? "" : ", ").append(checksums.beyond(used)).append(" checkpointed vector slots");
            checksums.truncate(used);
        }
        return what.toString();
    }

    /** The key records between two offsets of the keys file, as far as they read intact: counts and a few keys. */
    private String describeKeyRecords(long from, long to) throws IOException {
        int len = (int) Math.min(to - from, 64 << 20);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && keysCh.read(b, from + b.position()) > 0) {
            // read on
        }
        b.flip();
        byte[] arr = b.array();
        int puts = 0;
        int deletes = 0;
        List<String> some = new java.util.ArrayList<>();
        while (b.remaining() >= KEY_RECORD_FIXED) {
            int at = b.position();
            int crc = b.getInt();
            int op = b.get();
            b.getLong();
            int keyLen = Short.toUnsignedInt(b.getShort());
            if (keyLen == 0 || keyLen > b.remaining() || Checksums.crc32c(arr, at + 4, KEY_RECORD_FIXED - 4 + keyLen) != crc) {
                break;
            }
            String key = new String(arr, b.position(), keyLen, StandardCharsets.UTF_8);
            b.position(b.position() + keyLen);
            if (op == OP_PUT) {
                puts++;
            } else {
                deletes++;
            }
            if (some.size() < 5) {
                some.add((op == OP_PUT ? "put '" : "delete '") + key + "'");
            }
        }
        return (to - from) + " bytes of key records (" + puts + " puts, " + deletes + " deletes"
                + (some.isEmpty() ? "" : ": " + String.join(", ", some) + (puts + deletes > some.size() ? ", ..." : ""))
                + ")";
    }

    /** Checks the CRC32C of every live slot (a stored vector never changes): damage is a CorruptFileException. */
    private void checkSlots() throws IOException {
        int[] crcs = new int[SlotChecksums.chunk()];
        long bytes = 4L * dim;
        for (long from = 0; from < used; from += crcs.length) {
            int n = (int) Math.min(crcs.length, used - from);
            checksums.read(from, n, crcs);
            for (int i = 0; i < n; i++) {
                int s = (int) (from + i);
                if (keys.isLive(s)) {
                    int actual = SlotChecksums.of(paged.vector(s), 0, bytes);
                    if (actual != crcs[i]) {
                        throw new CorruptFileException(dataFile, DATA_START + s * stride, String.format(
                                "vector of key '%s' (slot %d) fails its CRC32C: stored %08x, computed %08x", keys.key(s), s,
                                crcs[i], actual));
                    }
                }
            }
        }
    }

    /**
     * Format 1 kept no slot checksums: computes them from the slots as they are (damage before today cannot be
     * told apart), writes {@code checksums.syna}, then the version-2 header. A crash in between leaves a format-1
     * store that the next open upgrades again.
     */
    private void upgrade(FileHeader old) throws IOException {
        checksums = SlotChecksums.rebuild(dir.resolve(CHECKSUMS_FILE), storeId, PROVIDER, paged, used);
        FileHeader v2 = new FileHeader(DATA_KIND, PROVIDER, FORMAT_VERSION, storeId, old.createdMillis());
        v2.writeTo(dataCh);
        dataCh.force(true);
        LOG.log(Level.INFO, "Syna vector store " + dir + ": upgraded from format 1 to 2 (a CRC32C per slot, "
                + used + " slots; the slots of format 1 had none, so earlier damage to them is not detected)");
    }

    private void readKeys() throws IOException {
        long len = keysLength - FileHeader.SIZE;
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, len)).order(ByteOrder.LITTLE_ENDIAN);
        if (len > all.capacity()) {
            throw new CorruptFileException(keysFile, FileHeader.SIZE, "keys file of " + len + " bytes is too large");
        }
        long pos = FileHeader.SIZE;
        while (all.hasRemaining()) {
            int n = keysCh.read(all, pos);
            if (n < 0) {
                throw new CorruptFileException(keysFile, pos, "keys file ends early");
            }
            pos += n;
        }
        all.flip();
        byte[] arr = all.array();
        while (all.hasRemaining()) {
            int at = all.position();
            long fileOffset = FileHeader.SIZE + at;
            if (all.remaining() < KEY_RECORD_FIXED) {
                throw new CorruptFileException(keysFile, fileOffset, "key record truncated inside committed data");
            }
            int crc = all.getInt();
            int op = all.get();
            long slot = all.getLong();
            int keyLen = Short.toUnsignedInt(all.getShort());
            if (keyLen == 0 || keyLen > all.remaining()) {
                throw new CorruptFileException(keysFile, fileOffset, "key length " + keyLen + " out of bounds");
            }
            if (Checksums.crc32c(arr, at + 4, KEY_RECORD_FIXED - 4 + keyLen) != crc) {
                throw new CorruptFileException(keysFile, fileOffset, "key record CRC32C mismatch");
            }
            String key = new String(arr, all.position(), keyLen, StandardCharsets.UTF_8);
            all.position(all.position() + keyLen);
            if (slot < 0 || slot >= used) {
                throw new CorruptFileException(keysFile, fileOffset + 5, "slot " + slot + " outside [0, " + used + ")");
            }
            switch (op) {
                case OP_PUT -> bind(key, slot);
                case OP_DELETE -> unbind(key);
                default -> throw new CorruptFileException(keysFile, fileOffset + 4, "unknown key op " + op);
            }
        }
    }

    /** Binds {@code key} to {@code slot} (a fresh one: slots are never reused); the replaced one leaves the index. */
    private void bind(String key, long slot) {
        int s = Math.toIntExact(slot);
        int old = keys.bind(key, s);
        if (old >= 0) {
            attached.removed(old);
        }
        attached.written(s);
    }

    private void unbind(String key) {
        int old = keys.unbind(key);
        if (old >= 0) {
            attached.removed(old);
        }
    }

    private void extendFile(long slots) throws IOException {
        long size = DATA_START + slots * stride;
        if (dataCh.size() < size) {
            dataCh.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    /**
     * Maps the slots from the start of the last partly mapped page up to {@code capacity} and installs them as
     * pages: one mapping at open, one per growth after. A page that was mapped partly is replaced by its
     * longer mapping; the old one stays valid (a background reader may hold it) until the store closes.
     */
    private void mapUpTo() throws IOException {
        long pageSlots = paged.pageSlots();
        long from = (mapped / pageSlots) * pageSlots;
        if (capacity <= from) {
            return;
        }
        MemorySegment m = dataCh.map(FileChannel.MapMode.READ_WRITE, DATA_START + from * stride, (capacity - from) * stride,
                arena);
        for (long p = from / pageSlots; p * pageSlots < capacity; p++) {
            long first = p * pageSlots;
            long slots = Math.min(pageSlots, capacity - first);
            paged.install((int) p, m.asSlice((first - from) * stride, slots * stride));
        }
        mapped = capacity;
    }

    private void ensureCapacity(long needed) throws IOException {
        if (needed <= capacity) {
            return;
        }
        if (needed > Integer.MAX_VALUE - 8) {
            throw new InvalidArgumentException("vector store " + dir + " is full: at most " + (Integer.MAX_VALUE - 8)
                    + " slots");
        }
        long pageSlots = paged.pageSlots();
        // Whole pages from here on, so each growth maps whole pages.
        long next = Math.min(Integer.MAX_VALUE - 8, (Math.max(needed, capacity * 2) + pageSlots - 1) / pageSlots * pageSlots);
        LOG.log(Level.DEBUG, () -> "Syna vector store " + dir + ": growing from " + capacity + " to " + next + " slots");
        extendFile(next);
        capacity = next;
        mapUpTo();
    }

    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LE_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LE_SHORT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private void appendKeyRecord(int op, long slot, byte[] key) {
        int len = KEY_RECORD_FIXED + key.length;
        if (pendingLength + len > pendingKeys.length) {
            pendingKeys = Arrays.copyOf(pendingKeys, Math.max(pendingLength + len, pendingKeys.length * 2));
        }
        byte[] b = pendingKeys;
        int at = pendingLength;
        b[at + 4] = (byte) op;
        LE_LONG.set(b, at + 5, slot);
        LE_SHORT.set(b, at + 13, (short) key.length);
        System.arraycopy(key, 0, b, at + KEY_RECORD_FIXED, key.length);
        LE_INT.set(b, at, Checksums.crc32c(b, at + 4, len - 4));
        pendingLength += len;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    @Override
    public void insert(String key, float[] vector) {
        insertBatch(Arrays.asList(key), Arrays.asList(vector));
    }

    @Override
    public void insert(String key, float[] vector, Map<String, Atom> metadata) {
        if (!notNull(metadata, "metadata of key '" + key + "'").isEmpty()) {
            throw new UnsupportedFeatureException("the memory-mapped vector store keeps no metadata; use Syna.vectorStore"
                    + " for vectors with metadata");
        }
        insert(key, vector);
    }

    @Override
    public Map<String, Atom> metadata(String key) {
        readKey(key);
        return Map.of();
    }

    @Override
    public void insertBatch(List<String> keys, List<float[]> vectors) {
        notNull(keys, "keys");
        notNull(vectors, "vectors");
        if (keys.size() != vectors.size()) {
            throw new InvalidArgumentException("keys and vectors differ in length: " + keys.size() + " != " + vectors.size());
        }
        byte[][] utf8 = new byte[keys.size()][];
        for (int i = 0; i < utf8.length; i++) {
            utf8[i] = VectorKeys.utf8(keys.get(i));
            checkVector(keys.get(i), vectors.get(i));
        }
        lock.writeLock().lock();
        try {
            ensureOpen();
            ensureCapacity(used + utf8.length);
            writeVectors(vectors, used);
            for (int i = 0; i < utf8.length; i++) {
                long slot = used++;
                paged.written((int) slot, vectors.get(i));
                bind(keys.get(i), slot);
                appendKeyRecord(OP_PUT, slot, utf8[i]);
            }
            attached.afterWrites(); // the index catches up in the background: ingest stays at memory speed
        } catch (IOException e) {
            throw new SynaIOException("cannot grow vector store " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Writes vectors into slots {@code first..} through the staging buffer with positional writes:
     * the kernel copies into the page cache without taking a page fault per 4 KiB, which a store
     * through the fresh mapping would (measured about 3x slower). The mapping sees the same pages.
     */
    private void writeVectors(List<float[]> vectors, long first) throws IOException {
        int perChunk = (int) (STAGING_BYTES / stride);
        int i = 0;
        while (i < vectors.size()) {
            int n = Math.min(perChunk, vectors.size() - i);
            for (int j = 0; j < n; j++) {
                MemorySegment.copy(vectors.get(i + j), 0, stagingSegment, FLOAT, j * stride, dim);
                checksums.add(SlotChecksums.of(stagingSegment, j * stride, 4L * dim));
            }
            staging.clear().limit((int) (n * stride));
            long pos = DATA_START + (first + i) * stride;
            while (staging.hasRemaining()) {
                pos += dataCh.write(staging, pos);
            }
            i += n;
        }
    }

    @Override
    public Optional<float[]> get(String key) {
        readKey(key);
        lock.readLock().lock();
        try {
            ensureOpen();
            int slot = keys.slot(key);
            return slot < 0 ? Optional.empty() : Optional.of(read(slot));
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] read(long slot) {
        return paged.get((int) slot);
    }

    @Override
    public boolean delete(String key) {
        byte[] utf8 = VectorKeys.utf8(key);
        lock.writeLock().lock();
        try {
            ensureOpen();
            int slot = keys.slot(key);
            if (slot < 0) {
                return false;
            }
            unbind(key);
            appendKeyRecord(OP_DELETE, slot, utf8);
            attached.afterWrites(); // the index drops it in the background
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- attached index ----------------------------------------------------------------------

    private Path indexFile() {
        return dir.resolve("index.syna");
    }

    private Path indexMetaFile() {
        return dir.resolve("index.meta");
    }

    /**
     * Adopts the saved index when its side file names this provider and the superblock sequence it was saved at
     * (so it reflects exactly the committed vectors, as far as it was built); otherwise, once the store is past
     * its threshold, attaches an empty one. Either way the indexer catches up in the background: opening never
     * waits for a build.
     */
    private void attachIndexOnOpen() {
        if (!attached.due()) {
            return;
        }
        VectorIndexProvider p = attached.provider();
        boolean adopted = false;
        if (Files.exists(indexMetaFile()) && Files.exists(indexFile())) {
            try (SealedFile meta = SealedFiles.open(indexMetaFile(), INDEX_META_KIND, PROVIDER, INDEX_META_VERSION)) {
                MemorySegment b = meta.body();
                long savedSeq = b.get(LE_LONG_LAYOUT, 0);
                int nameLen = b.get(ValueLayout.JAVA_BYTE, 8);
                String savedProvider = new String(b.asSlice(9, nameLen).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.US_ASCII);
                if (savedSeq == sequence && savedProvider.equals(p.name())) {
                    VectorIndex loaded = p.load(indexFile(), attached.source());
                    attached.adopt(loaded, new java.util.BitSet()); // slots are never rewritten: what it holds is current
                    adopted = true;
                    LOG.log(Level.DEBUG, () -> "Syna vector store " + dir + ": loaded saved " + p.name() + " index of "
                            + loaded.size() + " of " + keys.size() + " vectors");
                } else {
                    LOG.log(Level.INFO, () -> "Syna vector store " + dir + ": saved index is of checkpoint " + savedSeq
                            + ", the store of " + sequence + ": rebuilding it in the background");
                }
            } catch (SynaException | IndexOutOfBoundsException e) {
                LOG.log(Level.WARNING, "Syna vector store " + dir + ": saved index unusable (" + e.getMessage()
                        + "), rebuilding it in the background");
            }
        }
        if (!adopted) {
            attached.attachEmpty("no usable saved index");
        }
        attached.afterWrites();
    }

    /**
     * Saves the index with the superblock sequence it reflects when it changed: at a checkpoint only once it
     * covers every vector, at close as far as it is built.
     */
    private void saveIndex(boolean closing) {
        long seq = sequence;
        Runnable meta = () -> {
            byte[] name = attached.provider().name().getBytes(StandardCharsets.US_ASCII);
            SealedFiles.write(indexMetaFile(), FileHeader.of(INDEX_META_KIND, PROVIDER, INDEX_META_VERSION,
                    new UUID(0, 0)), out -> out.writeLong(seq).writeByte(name.length).writeBytes(name, 0, name.length));
        };
        if (closing) {
            attached.saveAsBuilt(indexFile(), meta);
        } else {
            attached.saveIfComplete(indexFile(), meta);
        }
    }

    /**
     * Reads back every slot and checks its CRC32C, both superblocks and every committed key record, and reports
     * what open found and worked around (an older checkpoint taken, what it dropped).
     */
    @Override
    public VerifyReport verify() {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<VerifyReport.Problem> problems = new java.util.ArrayList<>(openProblems);
            long bytesChecked = 0;
            long entries = 0;
            for (long at : new long[] {SUPERBLOCK_A, SUPERBLOCK_B}) {
                Superblock sb = readSuperblock(at);
                bytesChecked += 64;
                if (!sb.valid() && !sb.empty() && problems.stream().noneMatch(p -> p.file().equals(dataFile)
                        && p.offset() == at)) {
                    problems.add(new VerifyReport.Problem(dataFile, at, "superblock damaged (bad magic or CRC32C)"));
                }
            }
            int[] crcs = new int[SlotChecksums.chunk()];
            for (long from = 0; from < used; from += crcs.length) {
                int n = (int) Math.min(crcs.length, used - from);
                checksums.read(from, n, crcs);
                for (int i = 0; i < n; i++) {
                    int s = (int) (from + i);
                    int actual = SlotChecksums.of(paged.vector(s), 0, 4L * dim);
                    if (actual != crcs[i]) {
                        problems.add(new VerifyReport.Problem(dataFile, DATA_START + s * stride, String.format(
                                "slot %d (%s) fails its CRC32C: stored %08x, computed %08x", s,
                                keys.isLive(s) ? "vector of key '" + keys.key(s) + "'" : "no live key", crcs[i], actual)));
                    }
                }
                entries += n;
                bytesChecked += n * (4L * dim + 4);
            }
            long[] keyRecords = verifyKeys(problems);
            entries += keyRecords[0];
            bytesChecked += keyRecords[1];
            return new VerifyReport(List.of(dataFile, keysFile, checksums.file()), bytesChecked, entries, problems);
        } catch (IOException e) {
            throw new SynaIOException("cannot verify vector store " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Checks every committed key record's CRC32C and bounds; returns {records, bytes} read. */
    private long[] verifyKeys(List<VerifyReport.Problem> problems) throws IOException {
        long len = keysLength - FileHeader.SIZE;
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, len)).order(ByteOrder.LITTLE_ENDIAN);
        long pos = FileHeader.SIZE;
        while (all.hasRemaining()) {
            int n = keysCh.read(all, pos);
            if (n < 0) {
                problems.add(new VerifyReport.Problem(keysFile, pos, "keys file ends before its committed length "
                        + keysLength));
                break;
            }
            pos += n;
        }
        all.flip();
        byte[] arr = all.array();
        long records = 0;
        while (all.remaining() >= KEY_RECORD_FIXED) {
            int at = all.position();
            int crc = all.getInt();
            all.get();
            long slot = all.getLong();
            int keyLen = Short.toUnsignedInt(all.getShort());
            if (keyLen == 0 || keyLen > all.remaining()
                    || Checksums.crc32c(arr, at + 4, KEY_RECORD_FIXED - 4 + keyLen) != crc || slot < 0 || slot >= used) {
                problems.add(new VerifyReport.Problem(keysFile, FileHeader.SIZE + at, "key record damaged (CRC32C, key "
                        + "length or slot); the records after it cannot be read"));
                return new long[] {records, all.limit()};
            }
            all.position(all.position() + keyLen);
            records++;
        }
        if (all.hasRemaining()) {
            problems.add(new VerifyReport.Problem(keysFile, FileHeader.SIZE + all.position(), "key record truncated"));
        }
        return new long[] {records, all.limit()};
    }

    @Override
    public void checkpoint() {
        lock.writeLock().lock();
        try {
            ensureOpen();
            commit(false);
        } catch (IOException e) {
            throw new SynaIOException("checkpoint of vector store " + dir + " failed: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void commit(boolean closing) throws IOException {
        if (used > committedUsed) {
            dataCh.force(false); // the slots, written through the channel: durable before the superblock names them
            checksums.commit(); // their CRCs likewise
        }
        if (pendingLength > 0) {
            ByteBuffer b = ByteBuffer.wrap(pendingKeys, 0, pendingLength);
            long pos = keysLength;
            while (b.hasRemaining()) {
                pos += keysCh.write(b, pos);
            }
            keysCh.force(true);
            keysLength = pos;
            pendingLength = 0;
            if (pendingKeys.length > (4 << 20)) {
                pendingKeys = new byte[1 << 16];
            }
        }
        if (used != committedUsed || keysLength != lastSuperblockKeys) {
            writeSuperblock();
            dataCh.force(true);
        }
        committedUsed = used;
        // After the superblock (its sequence is what the saved index reflects); never waits for a build.
        saveIndex(closing);
    }

    private void writeSuperblock() throws IOException {
        sequence++;
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SUPERBLOCK_MAGIC).putLong(sequence).putInt(dim).putInt(metric.ordinal()).putLong(used)
                .putLong(keysLength).putLong(capacity);
        b.putInt(44, Checksums.crc32c(b.array(), 0, 44));
        b.clear();
        long at = (sequence & 1) == 1 ? SUPERBLOCK_A : SUPERBLOCK_B;
        while (b.hasRemaining()) {
            dataCh.write(b, at + b.position());
        }
        lastSuperblockKeys = keysLength;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                attached.stopIndexing(); // first: the last commit does not wait behind an index round
                commit(true);
            } catch (IOException e) {
                throw new SynaIOException("cannot close vector store " + dir + ": " + e.getMessage(), e);
            } finally {
                closed = true;
                attached.close();
                arena.close(); // after the index: nothing reads the mapping any more
                closeQuietly(checksums, keysCh, dataCh, fileLock, lockChannel);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing after a failure: the first error is the one reported
                }
            }
        }
    }
}
