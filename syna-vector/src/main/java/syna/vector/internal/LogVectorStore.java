package syna.vector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.KeySpace;
import syna.api.SynaException;
import syna.api.SynaIOException;
import syna.api.VectorStoreOptions;
import syna.api.VerifyReport;
import syna.api.Vectors;
import syna.api.WriteBatch;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;

/**
 * The durable vector store, over any {@link Database}: each vector is an entry of the database, its metadata
 * another, written together in one atomic batch (key layout: {@link StoreKeys}), so the database's durability
 * mode and crash recovery apply unchanged. A copy lives in memory in one contiguous
 * {@code float[]} for exact search. From {@link VectorStoreOptions#indexThreshold()} vectors on, an
 * index from the configured provider answers searches ({@link AttachedIndex}): writes do not wait for
 * it, a background thread adds them, and searches scan the vectors it has not caught up with exactly,
 * so results never miss an acknowledged vector. The index is caught up and saved beside the log at
 * {@link #checkpoint()} and {@link #close()} with a fingerprint of the vectors it was built from, and
 * reopening loads it only when the fingerprint still matches (a stale or corrupt index is rebuilt,
 * never trusted). Writers of different keys run concurrently (and so share group commits); writes
 * of one key are ordered; searches never wait for a log write. Thread-safe.
 */
public final class LogVectorStore extends SlotVectorStore {
    private static final System.Logger LOG = System.getLogger(LogVectorStore.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String META_KIND = "vs-index-meta";
    /** Version 2 adds the slots the saved index did not hold current (a partial index saved at close). */
    private static final int META_VERSION = 2;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Database db;
    /** Where the entries are: the store's namespace, or the user keys of a database without namespaces. */
    private final KeySpace space;
    private final String name;
    private final StoreKeys layout;
    private final DistanceMetric metric;
    private final VectorStoreOptions options;
    private static final int STRIPES = 64;

    /** Per-key-stripe locks held across a log write and its memory update. */
    private final ReentrantLock[] stripes = newStripes();
    private final Path indexFile;
    private final Path indexMetaFile;

    /** The one resident copy of the vectors, off the heap, by slot; the index reads it in place. */
    private final Arena arena = Arena.ofShared();
    private final PagedVectors paged;
    /** Slots in use or free (the high-water mark of the slot table). */
    private int slots;
    private int[] free = new int[16];
    private int freeCount;
    private Object[] metaOfSlot = new Object[16];
    /** Shares metadata names and small values between vectors (cheap filters, less memory). */
    private final MetadataInterner interner = new MetadataInterner();
    /** The attached index, fed in the background: writes never wait for it. */
    private final AttachedIndex attached;

    private LogVectorStore(Database db, VectorSpaces.Space space, String name, VectorStoreOptions options,
            Optional<VectorIndexProvider> provider) {
        super(options.dimension(), 16, name);
        this.db = db;
        this.space = space.keys();
        this.name = name;
        this.layout = space.layout();
        this.metric = options.metric();
        this.options = options;
        this.paged = PagedVectors.allocating(dim, metric, arena);
        this.attached = new AttachedIndex("'" + name + "'", options, provider, lock, keys, paged, this::metaAt);
        this.indexFile = layout.indexFile(db.path());
        this.indexMetaFile = layout.indexMetaFile(db.path());
    }

    @Override
    AttachedIndex attached() {
        return attached;
    }

    @Override
    float[] vectorAt(int slot) {
        return paged.get(slot);
    }

    private static ReentrantLock[] newStripes() {
        ReentrantLock[] st = new ReentrantLock[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            st[i] = new ReentrantLock();
        }
        return st;
    }

    /** Opens (or creates) the store {@code name} inside {@code db}. */
    public static LogVectorStore open(Database db, String name, VectorStoreOptions options) {
        return open(db, name, options, IndexChoice.resolve(options));
    }

    /** As {@link #open(Database, String, VectorStoreOptions)} with the index provider given (tests wrap one). */
    static LogVectorStore open(Database db, String name, VectorStoreOptions options,
            Optional<VectorIndexProvider> provider) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("vector store name '" + name + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        SearchWarmUp.start(options == null ? null : options.metric(), false); // the first search runs compiled code
        LogVectorStore s = new LogVectorStore(db, VectorSpaces.open(db, name), name, options, provider);
        try {
            s.checkConfig();
            s.recordSettings();
            s.load();
        } catch (RuntimeException e) {
            s.attached.close();
            s.arena.close();
            throw e;
        }
        return s;
    }

    /** Config record of a store: {@code v1 dim=<dimension> metric=<DistanceMetric name>}. */
    private static final Pattern CONFIG = Pattern.compile("v1 dim=(\\d+) metric=([A-Z_]+)");

    /**
     * The stores inside {@code db}, by name, read from their config records (the one place besides
     * {@link #checkConfig} that reads them) and their settings ({@link StoreSettings}: the index settings
     * of the last writable open; defaults for a store without them). A config that does not parse is
     * skipped; unreadable settings give the defaults, with a warning.
     */
    public static java.util.SortedMap<String, VectorStoreOptions> catalog(Database db) {
        java.util.SortedMap<String, VectorStoreOptions> out = new TreeMap<>();
        VectorSpaces.configs(db, n -> NAME.matcher(n).matches()).forEach((storeName, stored) -> {
            java.util.regex.Matcher m = CONFIG.matcher(stored.config());
            if (!m.matches()) {
                return;
            }
            VectorStoreOptions base;
            try {
                base = VectorStoreOptions.builder(Integer.parseInt(m.group(1)))
                        .metric(DistanceMetric.valueOf(m.group(2))).build();
            } catch (IllegalArgumentException | SynaException e) {
                LOG.log(Level.DEBUG, () -> "vector store config of '" + storeName + "' unreadable: " + e);
                return;
            }
            try {
                out.put(storeName, stored.settings().map(t -> StoreSettings.apply(base, t)).orElse(base));
            } catch (SynaException e) {
                LOG.log(Level.WARNING, () -> "vector store '" + storeName + "' of " + db.path()
                        + ": settings unreadable, listed with the default index settings: " + e.getMessage());
                out.put(storeName, base);
            }
        });
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    /** Records the index settings of this open, when the database is writable and they changed. */
    private void recordSettings() {
        if (db.options().readOnly()) {
            return;
        }
        String text = StoreSettings.encode(options);
        Optional<Atom> have = space.get(layout.settings());
        if (have.isEmpty() || !(have.get() instanceof Atom.Text t) || !t.value().equals(text)) {
            space.putText(layout.settings(), text);
        }
    }

    private void checkConfig() {
        String configKey = layout.config();
        String config = "v1 dim=" + dim + " metric=" + metric.name();
        Optional<Atom> stored = space.get(configKey);
        if (stored.isEmpty()) {
            space.putText(configKey, config);
            return;
        }
        String have = stored.get() instanceof Atom.Text t ? t.value() : stored.get().toString();
        if (!have.equals(config)) {
            String storedDim = have.replaceAll(".*dim=(\\d+).*", "$1");
            if (!storedDim.equals(Integer.toString(dim))) {
                throw new DimensionMismatchException("vector store '" + name + "' holds dimension " + storedDim
                        + ", opened with dimension " + dim);
            }
            throw new InvalidArgumentException("vector store '" + name + "' was created as '" + have
                    + "', opened as '" + config + "'");
        }
    }

    private void load() {
        // Keys first, vectors one at a time straight into their slots: no second copy of the store on the heap.
        Set<String> stored = new LinkedHashSet<>();
        for (String k : space.keys(layout.vectorPrefix())) {
            stored.add(layout.keyOfVector(k));
        }
        Optional<SavedMeta> meta = attached.enabled() ? readSavedMeta(stored) : Optional.empty();
        List<String> order = meta.map(SavedMeta::layout).orElseGet(() -> new ArrayList<>(stored));
        for (int slot = 0; slot < order.size(); slot++) {
            String key = order.get(slot);
            ensureSlots(slot + 1);
            slots = slot + 1;
            if (key == null) {
                pushFree(slot);
                continue;
            }
            float[] v = space.getVector(layout.vector(key));
            if (v.length != dim) {
                throw new DimensionMismatchException("vector '" + key + "' of store '" + name + "' has dimension "
                        + v.length + " in a store of dimension " + dim);
            }
            place(slot, key, v, readMetadata(key));
        }
        if (attached.due()) {
            lock.writeLock().lock();
            try {
                if (meta.isEmpty() || !tryLoadIndex(meta.get())) {
                    attached.attachEmpty("no valid saved index");
                }
                attached.afterWrites(); // built or caught up in the background; searches meanwhile measure the rest
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    private Map<String, Atom> readMetadata(String key) {
        Optional<Atom> m = space.get(layout.metadata(key));
        if (m.isEmpty()) {
            return Map.of();
        }
        if (!(m.get() instanceof Atom.Bytes b)) {
            throw new syna.api.SerializationException("metadata of vector '" + key + "' in store '" + name
                    + "' is " + m.get().type() + ", expected BYTES");
        }
        return interner.canonical(MetadataCodec.decode(b.value(), "vector '" + key + "' in store '" + name + "'"));
    }

    // ---- slots ------------------------------------------------------------------------------

    private void ensureSlots(int n) {
        if (n > metaOfSlot.length) {
            metaOfSlot = Arrays.copyOf(metaOfSlot, Math.max(n, metaOfSlot.length * 2));
        }
    }

    private void pushFree(int slot) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    private void place(int slot, String key, float[] v, Map<String, Atom> meta) {
        paged.set(slot, v);
        metaOfSlot[slot] = meta;
        keys.bind(key, slot);
        attached.written(slot);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Atom> metaAt(int slot) {
        return (Map<String, Atom>) metaOfSlot[slot];
    }

    // ---- writes -----------------------------------------------------------------------------

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
        insertAll(Arrays.asList(key), Arrays.asList(vector), null);
    }

    @Override
    public void insert(String key, float[] vector, Map<String, Atom> metadata) {
        insertAll(Arrays.asList(key), Arrays.asList(vector), List.of(interner.canonical(checkMetadata(key, metadata))));
    }

    @Override
    public void insertBatch(List<String> keys, List<float[]> vectors) {
        insertAll(keys, vectors, null);
    }

    @Override
    public void insertBatch(List<String> keys, List<float[]> vectors, List<Map<String, Atom>> metadata) {
        notNull(keys, "keys");
        notNull(vectors, "vectors");
        notNull(metadata, "metadata");
        if (metadata.size() != keys.size()) {
            throw new InvalidArgumentException("keys and metadata differ in length: " + keys.size() + " != " + metadata.size());
        }
        List<Map<String, Atom>> copies = new ArrayList<>(metadata.size());
        for (int i = 0; i < metadata.size(); i++) {
            copies.add(interner.canonical(checkMetadata(i < keys.size() ? keys.get(i) : "#" + i, metadata.get(i))));
        }
        insertAll(keys, vectors, copies);
    }

    private void insertAll(List<String> keys, List<float[]> vectors, List<Map<String, Atom>> metadata) {
        notNull(keys, "keys");
        notNull(vectors, "vectors");
        if (keys.size() != vectors.size()) {
            throw new InvalidArgumentException("keys and vectors differ in length: " + keys.size() + " != " + vectors.size());
        }
        WriteBatch batch = WriteBatch.create();
        for (int i = 0; i < keys.size(); i++) {
            VectorKeys.utf8(keys.get(i));
            checkVector(keys.get(i), vectors.get(i));
            batch.putVector(layout.vector(keys.get(i)), vectors.get(i));
            if (metadata != null) {
                Map<String, Atom> m = metadata.get(i);
                batch.put(layout.metadata(keys.get(i)), m.isEmpty() ? Atom.ofNull() : Atom.of(MetadataCodec.encode(m)));
            }
        }
        int[] held = lockStripes(keys);
        try {
            checkOpen();
            // Durable first, outside the store lock so concurrent writers share a group commit; the
            // stripe locks keep the log and memory in the same order for any one key.
            space.write(batch);
            lock.writeLock().lock();
            try {
                ensureOpen();
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    int slot = this.keys.slot(key);
                    Map<String, Atom> meta;
                    if (slot < 0) {
                        slot = freeCount > 0 ? free[--freeCount] : slots++;
                        ensureSlots(slots);
                        meta = metadata != null ? metadata.get(i) : Map.of();
                    } else {
                        meta = metadata != null ? metadata.get(i) : metaAt(slot);
                    }
                    place(slot, key, vectors.get(i), meta);
                }
                attached.afterWrites(); // the index catches up in the background

            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            unlockStripes(held);
        }
    }

    private static int stripe(String key) {
        return (key.hashCode() * 0x9E3779B1 >>> 26) & (STRIPES - 1);
    }

    /** Locks the stripes of {@code keys} in ascending order (no deadlock between batches). */
    private int[] lockStripes(List<String> keys) {
        int[] held = keys.stream().mapToInt(LogVectorStore::stripe).distinct().sorted().toArray();
        for (int st : held) {
            stripes[st].lock();
        }
        return held;
    }

    private void unlockStripes(int[] held) {
        for (int i = held.length - 1; i >= 0; i--) {
            stripes[held[i]].unlock();
        }
    }

    private void checkOpen() {
        lock.readLock().lock();
        try {
            ensureOpen();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean delete(String key) {
        VectorKeys.utf8(key);
        int[] held = lockStripes(List.of(key));
        try {
            if (!contains(key)) {
                return false;
            }
            space.write(WriteBatch.create().delete(layout.vector(key)).delete(layout.metadata(key)));
            lock.writeLock().lock();
            try {
                ensureOpen();
                unbind(key);
                attached.afterWrites(); // the index drops it in the background
                return true;
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            unlockStripes(held);
        }
    }

    @Override
    public int deleteBatch(Collection<String> keys) {
        notNull(keys, "keys");
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
        for (String key : unique) {
            VectorKeys.utf8(key);
        }
        int[] held = lockStripes(unique);
        try {
            WriteBatch batch = WriteBatch.create();
            List<String> present = new ArrayList<>();
            lock.readLock().lock();
            try {
                ensureOpen();
                for (String key : unique) {
                    if (this.keys.contains(key)) {
                        present.add(key);
                        batch.delete(layout.vector(key)).delete(layout.metadata(key));
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            if (present.isEmpty()) {
                return 0;
            }
            space.write(batch); // one atomic batch: after a crash all are gone or none
            lock.writeLock().lock();
            try {
                ensureOpen();
                for (String key : present) {
                    unbind(key);
                }
                attached.afterWrites(); // the index drops them in the background
                return present.size();
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            unlockStripes(held);
        }
    }

    private void unbind(String key) {
        int slot = keys.unbind(key);
        metaOfSlot[slot] = null;
        pushFree(slot);
        attached.removed(slot);
    }

    /** {@code metadata}, checked: not null, no null name or value. */
    private static Map<String, Atom> checkMetadata(String key, Map<String, Atom> metadata) {
        notNull(metadata, "metadata of key '" + key + "'");
        for (Map.Entry<String, Atom> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new InvalidArgumentException("metadata of key '" + key + "' has a null "
                        + (e.getKey() == null ? "name" : "value for '" + e.getKey() + "'"));
            }
        }
        return metadata;
    }

    // ---- reads ------------------------------------------------------------------------------

    @Override
    public Optional<float[]> get(String key) {
        readKey(key);
        lock.readLock().lock();
        try {
            ensureOpen();
            int slot = keys.slot(key);
            return slot < 0 ? Optional.empty() : Optional.of(paged.get(slot));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, Atom> metadata(String key) {
        readKey(key);
        lock.readLock().lock();
        try {
            ensureOpen();
            int slot = keys.slot(key);
            return slot < 0 ? Map.of() : metaAt(slot);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- index ------------------------------------------------------------------------------

    /** CRC32C over the slot layout, keys and vectors: what the saved index was built from. */
    private int fingerprint() {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[4 * dim];
        MemorySegment bufSeg = MemorySegment.ofArray(buf);
        for (int s = 0; s < slots; s++) {
            if (!keys.isLive(s)) {
                crc.update(0);
                continue;
            }
            crc.update(1);
            crc.update(keys.key(s).getBytes(StandardCharsets.UTF_8));
            MemorySegment.copy(paged.vector(s), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, bufSeg,
                    ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, dim);
            crc.update(buf);
        }
        return (int) crc.getValue();
    }

    /**
     * What the saved index's side file says: its provider, the fingerprint of the slots it was saved with, their
     * layout (the key of each slot, null for a free one) and the slots whose vector the index did not hold yet
     * (a close before the background indexer caught up; none in format 1, which was saved caught up only).
     */
    private record SavedMeta(String provider, int fingerprint, List<String> layout, BitSet notCurrent) {}

    /** The saved index's side file, when it is intact, names this provider and the same keys as the database. */
    private Optional<SavedMeta> readSavedMeta(Set<String> stored) {
        if (!Files.exists(indexMetaFile) || !Files.exists(indexFile)) {
            return Optional.empty();
        }
        try (SealedFile f = SealedFiles.open(indexMetaFile, META_KIND, "log", META_VERSION)) {
            MemorySegment b = f.body();
            long pos = 0;
            int providerLen = b.get(ValueLayout.JAVA_BYTE, pos++);
            String provider = new String(b.asSlice(pos, providerLen).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            pos += providerLen;
            int fingerprint = b.get(LE_INT, pos);
            pos += 4;
            int n = b.get(LE_INT, pos);
            pos += 4;
            if (!provider.equals(attached.provider().name()) || n < 0 || n > b.byteSize()) {
                return Optional.empty();
            }
            List<String> layout = new ArrayList<>(n);
            int named = 0;
            for (int i = 0; i < n; i++) {
                int len = Short.toUnsignedInt(b.get(LE_SHORT, pos));
                pos += 2;
                if (len == 0) {
                    layout.add(null);
                    continue;
                }
                String key = new String(b.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                pos += len;
                if (!stored.contains(key)) {
                    return Optional.empty();
                }
                layout.add(key);
                named++;
            }
            BitSet notCurrent = new BitSet();
            if (f.header().formatVersion() >= 2) {
                int c = b.get(LE_INT, pos);
                pos += 4;
                if (c < 0 || c > n || pos + 4L * c != b.byteSize()) {
                    return Optional.empty();
                }
                for (int i = 0; i < c; i++, pos += 4) {
                    int slot = b.get(LE_INT, pos);
                    if (slot < 0 || slot >= n) {
                        return Optional.empty();
                    }
                    notCurrent.set(slot);
                }
            } else if (pos != b.byteSize()) {
                return Optional.empty();
            }
            return named == stored.size() ? Optional.of(new SavedMeta(provider, fingerprint, layout, notCurrent))
                    : Optional.empty();
        } catch (SynaException | IndexOutOfBoundsException e) {
            LOG.log(Level.WARNING, "Syna vector store '" + name + "': index metadata " + indexMetaFile
                    + " unusable, rebuilding the index in the background: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Loads and adopts the saved index when it reflects exactly these vectors (write lock held). */
    private boolean tryLoadIndex(SavedMeta meta) {
        if (meta.fingerprint() != fingerprint()) {
            LOG.log(Level.INFO, "Syna vector store '" + name + "': saved index is stale, rebuilding it in the background");
            return false;
        }
        try {
            VectorIndex loaded = attached.provider().load(indexFile, attached.source());
            attached.adopt(loaded, meta.notCurrent());
            LOG.log(Level.DEBUG, () -> "Syna vector store '" + name + "': loaded saved " + loaded.providerName()
                    + " index of " + loaded.size() + " of " + keys.size() + " vectors");
            return true;
        } catch (SynaException e) {
            LOG.log(Level.WARNING, "Syna vector store '" + name + "': saved index unusable (" + e.getMessage()
                    + "), rebuilding it in the background");
            return false;
        }
    }

    /**
     * Saves the index with its layout and fingerprint when it changed: at a checkpoint only once it covers every
     * vector, at close as far as it is built. Write lock held.
     */
    private void saveIndex(boolean closing) {
        if (attached.index() == null) {
            return;
        }
        try {
            Files.createDirectories(indexFile.getParent());
        } catch (IOException e) {
            throw new SynaIOException("cannot create " + indexFile.getParent() + ": " + e.getMessage(), e);
        }
        Runnable meta = () -> {
            int fp = fingerprint();
            byte[] providerName = attached.provider().name().getBytes(StandardCharsets.US_ASCII);
            SealedFiles.write(indexMetaFile, FileHeader.of(META_KIND, "log", META_VERSION, new UUID(0, 0)), out -> {
                out.writeByte(providerName.length).writeBytes(providerName, 0, providerName.length);
                out.writeInt(fp).writeInt(slots);
                for (int s = 0; s < slots; s++) {
                    byte[] k = keys.isLive(s) ? keys.key(s).getBytes(StandardCharsets.UTF_8) : new byte[0];
                    out.writeByte(k.length & 0xFF).writeByte(k.length >>> 8).writeBytes(k, 0, k.length);
                }
                int[] notCurrent = attached.notCurrent();
                out.writeInt(notCurrent.length);
                out.writeInts(notCurrent, 0, notCurrent.length);
            });
        };
        if (closing) {
            attached.saveAsBuilt(indexFile, meta);
        } else {
            attached.saveIfComplete(indexFile, meta);
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    @Override
    public VerifyReport verify() {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<VerifyReport.Problem> problems = new ArrayList<>();
            long checked = 0;
            for (int s = keys.live().nextSetBit(0); s >= 0; s = keys.live().nextSetBit(s + 1)) {
                String key = keys.key(s);
                Optional<Atom> stored = space.get(layout.vector(key));
                checked++;
                if (stored.isEmpty() || !(stored.get() instanceof Atom.Vector v)
                        || !Arrays.equals(v.value(), vectorAt(s))) {
                    problems.add(new VerifyReport.Problem(db.path(), -1, "vector '" + key + "' of store '" + name
                            + "' differs from the database's (or is missing there)"));
                }
            }
            return new VerifyReport(List.of(db.path()), checked * 4L * dim, checked, problems);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void checkpoint() {
        lock.writeLock().lock();
        try {
            ensureOpen();
            db.sync();
            saveIndex(false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                attached.stopIndexing();
                saveIndex(true);
            } finally {
                closed = true;
                attached.close(); // stops the background indexing before the memory it reads goes
                arena.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
