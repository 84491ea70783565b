package syna.faiss.internal;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.faiss.FaissOptions;
import syna.faiss.internal.binding.FaissMetric;
import syna.faiss.internal.binding.NativeIndex;
import syna.faiss.internal.binding.SearchParams;
import syna.faiss.internal.binding.SearchResult;

/**
 * A FAISS index over a store's {@link VectorSource}, by ordinal. FAISS keeps its own copy of what it indexes
 * (full-precision floats or codes, in its layout: {@code VECTOR_COPY}); the store's vectors are read to add,
 * to train and to re-measure candidates, so hits carry Syna's exact distances.
 *
 * <p>Metrics: cosine vectors are normalised on the way in and searched by inner product (distance
 * {@code 1 - ip}); dot product is inner product (distance {@code -ip}); euclidean is FAISS's squared L2,
 * which is Syna's euclidean distance. Structures that need training (IVF) hold ordinals without FAISS until
 * {@code train-size} are held, searching exactly meanwhile, then train on those vectors and add them.
 *
 * <p>Ids: an IVF index removes ids and keeps the others, so its FAISS ids are the ordinals ("direct"). Other
 * structures number vectors themselves and cannot remove them: ordinals map to FAISS ids, and a replaced or
 * deleted ordinal's id becomes a tombstone, excluded by FAISS's id selector (or dropped from the results); the
 * index is rebuilt from the store when tombstones outnumber live vectors ("mapped").
 *
 * <p>Filters: a filter that accepts few held ordinals (at most max(256, size / 20)) is searched exactly;
 * otherwise FAISS searches with an id bitmap where the structure applies one, else the results are filtered
 * afterwards; fewer than min(k, accepted) hits fall back to exact search. Concurrent reads, one writer.
 */
final class FaissVectorIndex implements VectorIndex {
    private static final ValueLayout.OfFloat FLOAT = JAVA_FLOAT.withByteAlignment(1);
    private static final int CHUNK = 8192;

    private final String providerName;
    private final Preset preset;
    private final FaissOptions options;
    private final VectorSource source;
    private final int dim;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    // guarded by lock
    private NativeIndex nat;
    private boolean direct;
    private int nprobeDefault; // IVF: lists probed when a search gives no effort
    private final BitSet held = new BitSet();
    private int heldCount;
    private int[] ordinalOfId = new int[0]; // mapped mode: FAISS id -> ordinal, -1 for a tombstone
    private int[] idOfOrdinal = new int[0]; // mapped mode: ordinal -> FAISS id, -1 when not held
    private int idCount;
    private int dead;
    private MemorySegment liveBitmap; // mapped mode with tombstones: cached selector, null when stale
    private boolean closed;

    FaissVectorIndex(String providerName, Preset preset, FaissOptions options, VectorSource source) {
        this.providerName = providerName;
        this.preset = preset;
        this.options = options;
        this.source = source;
        this.dim = source.dimension();
        if (!preset.factoryAtTraining()) {
            // HNSW, or a factory string: made now; it may still need training (a generic IVF string).
            String f = preset.factory(options, dim, 0);
            adopt(NativeIndex.create(f, dim, faissMetric(source.metric())), f);
        }
        if (!options.trainSample().isEmpty()) {
            trainOnSample(Path.of(options.trainSample()));
        }
    }

    /** Trains a new index on the caller's sample, so FAISS searches from the first add. */
    private void trainOnSample(Path file) {
        if (nat != null && nat.isTrained()) {
            throw new InvalidArgumentException("train-sample given, but " + nat.description()
                    + " needs no training (" + providerName + "); drop the parameter");
        }
        try (Arena a = Arena.ofConfined()) {
            TrainingSample.Vectors sample = TrainingSample.read(file, dim, source.metric(), a);
            if (nat == null) {
                String f = preset.factory(options, dim, sample.count());
                adopt(NativeIndex.create(f, dim, faissMetric(source.metric())), f);
            }
            nat.train(sample.data(), sample.count(), threads());
        } catch (RuntimeException e) {
            if (nat != null) {
                nat.close();
                nat = null;
            }
            throw e;
        }
    }

    /** A loaded index: its native part, mode and held ordinals come from the file. */
    FaissVectorIndex(String providerName, Preset preset, FaissOptions options, VectorSource source, NativeIndex nat,
            BitSet held, int[] ordinalOfId, int nprobeDefault) {
        this.providerName = providerName;
        this.preset = preset;
        this.options = options;
        this.source = source;
        this.dim = source.dimension();
        this.held.or(held);
        this.heldCount = held.cardinality();
        this.nprobeDefault = nprobeDefault;
        if (nat != null) {
            this.nat = nat;
            this.direct = nat.kind().stableRemove() && nat.kind().addWithIds();
            if (!direct) {
                this.ordinalOfId = ordinalOfId;
                this.idCount = ordinalOfId.length;
                this.idOfOrdinal = new int[source.size()];
                Arrays.fill(idOfOrdinal, -1);
                for (int id = 0; id < idCount; id++) {
                    if (ordinalOfId[id] < 0) {
                        dead++;
                    } else {
                        idOfOrdinal[ordinalOfId[id]] = id;
                    }
                }
            }
        }
    }

    static FaissMetric faissMetric(DistanceMetric m) {
        return m == DistanceMetric.EUCLIDEAN ? FaissMetric.L2 : FaissMetric.INNER_PRODUCT;
    }

    private void adopt(NativeIndex n, String factory) {
        nat = n;
        direct = n.kind().stableRemove() && n.kind().addWithIds();
        nprobeDefault = options.nprobe() > 0 ? options.nprobe() : Math.max(8, listsIn(factory) / 16);
    }

    /** The number after "IVF" in a factory string (1 when there is none). */
    static int listsIn(String factory) {
        int at = factory.indexOf("IVF");
        if (at < 0) {
            return 1;
        }
        int end = at + 3;
        while (end < factory.length() && Character.isDigit(factory.charAt(end))) {
            end++;
        }
        return end > at + 3 ? Integer.parseInt(factory.substring(at + 3, end)) : 1;
    }

    private int threads() {
        return options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
    }

    /** Whether FAISS searches (else: exact over the held ordinals until training). */
    private boolean live() {
        return nat != null && nat.isTrained();
    }

    // ---- state read by FaissFile

    Preset preset() {
        return preset;
    }

    FaissOptions options() {
        return options;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }

    NativeIndex nativeIndex() {
        return live() ? nat : null;
    }

    BitSet held() {
        return held;
    }

    boolean direct() {
        return direct;
    }

    int nprobeDefault() {
        return nprobeDefault;
    }

    int[] ordinalOfId() {
        return Arrays.copyOf(ordinalOfId, idCount);
    }

    // ---- VectorIndex

    @Override
    public String providerName() {
        return providerName;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public void add(int ordinal) {
        addAll(new int[] {ordinal});
    }

    @Override
    public void addAll(int[] ordinals) {
        Objects.requireNonNull(ordinals, "ordinals");
        int size = source.size();
        for (int o : ordinals) {
            if (o < 0 || o >= size) {
                throw new InvalidArgumentException("ordinal " + o + " is outside the source's [0, " + size + ")");
            }
        }
        lock.writeLock().lock();
        try {
            ensureOpen();
            int[] distinct = Arrays.stream(ordinals).distinct().toArray();
            if (!live()) {
                for (int o : distinct) {
                    if (!held.get(o)) {
                        held.set(o);
                        heldCount++;
                    }
                }
                if (heldCount >= options.trainSize() || nat != null && nat.isTrained()) {
                    train();
                }
                return;
            }
            List<Integer> fresh = new ArrayList<>(distinct.length);
            List<Long> gone = new ArrayList<>();
            for (int o : distinct) {
                if (held.get(o)) {
                    if (direct) {
                        gone.add((long) o);
                    } else {
                        kill(o);
                    }
                } else {
                    held.set(o);
                    heldCount++;
                }
                fresh.add(o);
            }
            if (!gone.isEmpty()) {
                nat.remove(gone.stream().mapToLong(Long::longValue).toArray());
            }
            insert(fresh.stream().mapToInt(Integer::intValue).toArray());
            compactIfMostlyDead();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Trains FAISS on the held vectors (at most 256 per list for IVF, FAISS's own sampling cap) and adds them all. */
    private void train() {
        int[] ordinals = held.stream().toArray();
        if (nat == null) {
            String f = preset.factory(options, dim, ordinals.length);
            adopt(NativeIndex.create(f, dim, faissMetric(source.metric())), f);
        }
        if (!nat.isTrained()) {
            int sample = Math.min(ordinals.length, Math.max(options.trainSize(), 256 * Preset.lists(options, ordinals.length)));
            try (Arena a = Arena.ofConfined()) {
                nat.train(gather(Arrays.copyOf(ordinals, sample), a), sample, threads());
            }
        }
        insert(ordinals);
    }

    private void kill(int ordinal) {
        int id = idOfOrdinal[ordinal];
        ordinalOfId[id] = -1;
        idOfOrdinal[ordinal] = -1;
        dead++;
        liveBitmap = null;
    }

    /**
     * Adds the current vectors of {@code ordinals} (held, not in FAISS) in chunks. Small batches use one
     * OpenMP thread: a parallel region costs a barrier, and on a busy machine a descheduled worker makes each
     * single add wait a scheduler quantum (a conformance run of 2,500 single adds took 455 s that way).
     */
    private void insert(int[] ordinals) {
        int threads = ordinals.length >= 1024 ? threads() : 1;
        for (int from = 0; from < ordinals.length; from += CHUNK) {
            int[] part = Arrays.copyOfRange(ordinals, from, Math.min(ordinals.length, from + CHUNK));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment x = gather(part, a);
                MemorySegment ids = a.allocate(JAVA_LONG, part.length);
                if (direct) {
                    for (int i = 0; i < part.length; i++) {
                        ids.setAtIndex(JAVA_LONG, i, part[i]);
                    }
                    nat.add(x, part.length, ids, threads);
                    continue;
                }
                growMapping(idCount + part.length);
                for (int i = 0; i < part.length; i++) {
                    ids.setAtIndex(JAVA_LONG, i, idCount + i);
                }
                nat.add(x, part.length, nat.kind().addWithIds() ? ids : null, threads);
                for (int i = 0; i < part.length; i++) {
                    ordinalOfId[idCount + i] = part[i];
                    idOfOrdinal[part[i]] = idCount + i;
                }
                idCount += part.length;
                liveBitmap = null;
            }
        }
    }

    private void growMapping(int ids) {
        if (ordinalOfId.length < ids) {
            ordinalOfId = Arrays.copyOf(ordinalOfId, Math.max(ids, ordinalOfId.length * 2));
        }
        int size = source.size();
        if (idOfOrdinal.length < size) {
            int old = idOfOrdinal.length;
            idOfOrdinal = Arrays.copyOf(idOfOrdinal, Math.max(size, old * 2));
            Arrays.fill(idOfOrdinal, old, idOfOrdinal.length, -1);
        }
    }

    /** Rebuilds a mapped index from the store when tombstones outnumber live vectors. */
    private void compactIfMostlyDead() {
        if (direct || dead < 1024 || dead < heldCount) {
            return;
        }
        NativeIndex old = nat;
        nat = null;
        ordinalOfId = new int[0];
        idOfOrdinal = new int[0];
        idCount = 0;
        dead = 0;
        liveBitmap = null;
        old.close();
        if (!preset.factoryAtTraining()) {
            String f = preset.factory(options, dim, 0);
            adopt(NativeIndex.create(f, dim, faissMetric(source.metric())), f);
        }
        train();
    }

    /** The vectors of {@code ordinals} as rows in native memory, normalised for cosine. */
    private MemorySegment gather(int[] ordinals, Arena a) {
        MemorySegment x = a.allocate(JAVA_FLOAT, (long) ordinals.length * dim);
        boolean cosine = source.metric() == DistanceMetric.COSINE;
        for (int i = 0; i < ordinals.length; i++) {
            MemorySegment v = source.vector(ordinals[i]);
            long at = (long) i * dim * Float.BYTES;
            MemorySegment.copy(v, 0, x, at, (long) dim * Float.BYTES);
            if (cosine) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    float f = x.getAtIndex(JAVA_FLOAT, (long) i * dim + j);
                    norm += f * f;
                }
                if (norm > 0) {
                    float inv = (float) (1 / Math.sqrt(norm));
                    for (int j = 0; j < dim; j++) {
                        long idx = (long) i * dim + j;
                        x.setAtIndex(JAVA_FLOAT, idx, x.getAtIndex(JAVA_FLOAT, idx) * inv);
                    }
                }
            }
        }
        return x;
    }

    @Override
    public boolean delete(int ordinal) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (ordinal < 0 || !held.get(ordinal)) {
                return false;
            }
            held.clear(ordinal);
            heldCount--;
            if (live()) {
                if (direct) {
                    nat.remove(new long[] {ordinal});
                } else {
                    kill(ordinal);
                    compactIfMostlyDead();
                }
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean contains(int ordinal) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return ordinal >= 0 && held.get(ordinal);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return heldCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions searchOptions) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(searchOptions, "options");
        ExactSearch.checkK(k);
        if (query.length != dim) {
            throw new DimensionMismatchException("query dimension " + query.length + " != index dimension " + dim);
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new InvalidArgumentException("query component " + i + " is " + query[i]);
            }
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            if (heldCount == 0) {
                return List.of();
            }
            OrdinalFilter filter = searchOptions.filter();
            OrdinalFilter accepted = filter.acceptsAll() ? OrdinalFilter.of(held) : heldAnd(filter);
            if (!live()) {
                return ExactSearch.search(source, query, k, accepted);
            }
            int wanted = Math.min(k, heldCount);
            int count = heldCount;
            if (!filter.acceptsAll()) {
                count = accepted.cardinality();
                if (count <= Math.max(256, heldCount / 20)) {
                    return ExactSearch.search(source, query, k, accepted);
                }
                wanted = Math.min(wanted, count);
            }
            List<VectorHit> hits = faissSearch(query, wanted, searchOptions.effort(), filter, (double) count / heldCount);
            if (hits.size() < wanted) {
                return ExactSearch.search(source, query, k, accepted);
            }
            return hits;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** held ∩ filter, with its count. */
    private OrdinalFilter heldAnd(OrdinalFilter filter) {
        BitSet b = new BitSet();
        for (int o = held.nextSetBit(0); o >= 0; o = held.nextSetBit(o + 1)) {
            if (filter.accepts(o)) {
                b.set(o);
            }
        }
        return OrdinalFilter.of(b);
    }

    /** {@code fraction}: the share of held ordinals the filter accepts (1 without a filter). */
    private List<VectorHit> faissSearch(float[] query, int wanted, int effort, OrdinalFilter filter, double fraction) {
        float[] q = query;
        if (source.metric() == DistanceMetric.COSINE) {
            double norm = 0;
            for (float f : query) {
                norm += f * f;
            }
            if (norm > 0) {
                q = query.clone();
                float inv = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < q.length; i++) {
                    q[i] *= inv;
                }
            }
        }
        SearchParams params = SearchParams.defaults();
        if (nat.kind().ivf()) {
            params = params.withNprobe(effort > 0 ? effort : nprobeDefault);
        } else if (nat.kind().hnsw()) {
            // A filtered graph search keeps only accepted nodes as results: widen the beam by the filter's share,
            // so it still meets as many accepted candidates as an unfiltered search would.
            int ef = effort > 0 ? effort : options.efSearch();
            params = params.withEfSearch((int) Math.min(Math.max(ef, 4096), Math.ceil(ef / Math.max(fraction, 1e-3))));
        }
        int fetch = (int) Math.min((long) wanted * preset.rerank(options), Math.max(1, nat.size()));
        MemorySegment selector = null;
        boolean postFilter = false;
        if (!filter.acceptsAll() || (!direct && dead > 0)) {
            if (nat.kind().selector()) {
                selector = filter.acceptsAll() ? liveBitmap() : bitmap(filter);
            } else {
                postFilter = true;
                // Widen the search by what the filter and the tombstones take away, within the index.
                double keep = Math.max(0.01, (double) heldCount / Math.max(1, direct ? heldCount : idCount));
                fetch = (int) Math.min(nat.size(), (long) Math.ceil(fetch / keep) * 2);
            }
        }
        SearchResult r = selector == null ? nat.search(q, fetch, params) : nat.searchSelected(q, fetch, params, selector);
        VectorScorer scorer = source.scorer().query(query);
        List<VectorHit> hits = new ArrayList<>(r.k());
        for (int j = 0; j < r.k(); j++) {
            long id = r.label(0, j);
            if (id < 0) {
                continue;
            }
            int ordinal = direct ? (int) id : id < idCount ? ordinalOfId[(int) id] : -1;
            if (ordinal < 0 || !held.get(ordinal) || (postFilter || selector != null) && !filter.accepts(ordinal)) {
                continue;
            }
            hits.add(new VectorHit(ordinal, scorer.distance(ordinal)));
        }
        hits.sort(Comparator.comparingDouble(VectorHit::distance).thenComparingInt(VectorHit::ordinal));
        return hits.size() > wanted ? List.copyOf(hits.subList(0, wanted)) : hits;
    }

    /** The selector of live FAISS ids (mapped mode), cached until the next write. */
    private MemorySegment liveBitmap() {
        MemorySegment b = liveBitmap;
        if (b == null) {
            byte[] bits = new byte[(idCount + 7) / 8];
            for (int id = 0; id < idCount; id++) {
                if (ordinalOfId[id] >= 0) {
                    bits[id >> 3] |= (byte) (1 << (id & 7));
                }
            }
            b = MemorySegment.ofArray(bits);
            // Benign race: two readers may both build it; both build the same bytes.
            liveBitmap = b;
        }
        return b;
    }

    /** The selector of FAISS ids whose ordinal is held and accepted. */
    private MemorySegment bitmap(OrdinalFilter filter) {
        int n = direct ? source.size() : idCount;
        byte[] bits = new byte[(n + 7) / 8];
        for (int o = held.nextSetBit(0); o >= 0; o = held.nextSetBit(o + 1)) {
            if (filter.accepts(o)) {
                int id = direct ? o : idOfOrdinal[o];
                if (id >= 0 && id < n) {
                    bits[id >> 3] |= (byte) (1 << (id & 7));
                }
            }
        }
        return MemorySegment.ofArray(bits);
    }

    @Override
    public void save(Path file) {
        lock.readLock().lock();
        try {
            ensureOpen();
            FaissFile.write(file, this);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            ensureOpen();
            long own = (long) ordinalOfId.length * 4 + (long) idOfOrdinal.length * 4 + held.size() / 8;
            return own + (nat != null ? nat.serializedSize() : 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (nat != null) {
                    nat.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("FAISS index (" + providerName + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "FaissVectorIndex[" + providerName + ", " + (nat == null ? "untrained" : nat.description()) + ", "
                + heldCount + " held, " + dead + " tombstones]";
    }
}
