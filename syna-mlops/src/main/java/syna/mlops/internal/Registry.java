package syna.mlops.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.store.Names;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.KeySpace;
import syna.api.InternalException;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.mlops.DigestAlgorithm;
import syna.mlops.LoadedModel;
import syna.mlops.ModelInProductionException;
import syna.mlops.ModelNotFoundException;
import syna.mlops.ModelRegistry;
import syna.mlops.ModelRegistryOptions;
import syna.mlops.ModelVersion;
import syna.mlops.ProductionPolicy;
import syna.mlops.RegistryEvent;
import syna.mlops.SaveOptions;
import syna.mlops.SignatureMismatchException;
import syna.mlops.Stage;

/**
 * The model registry over one database. Key layout ({@code <m>} is the encoded model name,
 * {@code <v>} the version as 10 digits):
 *
 * <pre>
 * _modelidx/n, _modelidx/&lt;i&gt;      list of model names (IndexList)
 * _models/&lt;m&gt;/created               INT64 ms: the model exists
 * _models/&lt;m&gt;/seq                   INT64 highest committed version number
 * _models/&lt;m&gt;/tags, /aliases        TEXT JSON maps
 * _models/&lt;m&gt;/ev/n, /ev/&lt;i&gt;         stage and alias events (IndexList of JSON)
 * _models/&lt;m&gt;/v/&lt;v&gt;/manifest        TEXT JSON: size, chunks, algorithm, digest, metadata, runId, signature
 * _models/&lt;m&gt;/v/&lt;v&gt;/stage           TEXT stage label
 * _models/&lt;m&gt;/v/&lt;v&gt;/tags            TEXT JSON map
 * _models/&lt;m&gt;/v/&lt;v&gt;/c/&lt;n&gt;           BYTES chunk n (8 digits)
 * </pre>
 *
 * The keys live in namespace {@code mlops.registry} ({@link MlopsSpaces}). Writes of one model hold
 * that model's lock, shared by every registry over the same open database (attached to the
 * namespace). Thread-safe.
 */
public final class Registry implements ModelRegistry {
    private static final System.Logger LOG = System.getLogger(Registry.class.getName());
    private static final String MODEL_INDEX = "_modelidx/";

    private final Database database;
    /** Namespace {@value MlopsSpaces#REGISTRY}, or the user keys of a format-1 database. */
    private final KeySpace db;
    private final ModelRegistryOptions options;
    private final boolean ownsDatabase;
    private final ConcurrentHashMap<String, ReentrantLock> locks;
    private final ReentrantLock indexLock;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A registry over {@code db}; closes it on {@link #close()} when {@code ownsDatabase}. */
    public Registry(Database db, ModelRegistryOptions options, boolean ownsDatabase) {
        if (db == null) {
            throw new InvalidArgumentException("database must not be null");
        }
        if (options == null) {
            throw new InvalidArgumentException("model registry options must not be null");
        }
        this.database = db;
        this.options = options;
        this.ownsDatabase = ownsDatabase;
        if (options.chunkSize() > db.options().maxValueBytes()) {
            throw new InvalidArgumentException("model registry chunkSize " + options.chunkSize()
                    + " exceeds the database's maxValueBytes " + db.options().maxValueBytes() + " in " + database.path());
        }
        this.db = MlopsSpaces.registry(db);
        MlopsSpaces.RegistryState state = this.db.attachment(MlopsSpaces.RegistryState.class,
                MlopsSpaces.RegistryState::new);
        this.locks = state.modelLocks;
        this.indexLock = state.modelIndexLock;
        Trash.finishPending(this.db, db.options().readOnly(), database.path().toString());
    }

    // ---- keys ---------------------------------------------------------------------------------

    static String model(String name) {
        return "_models/" + Names.encode("model name", name) + "/";
    }

    static String versionPrefix(String name, int version) {
        return model(name) + "v/" + Versions.version(version) + "/";
    }

    private static String what(String name, int version) {
        return "model '" + name + "' version " + version;
    }

    @Override
    public ModelRegistryOptions options() {
        return options;
    }

    @Override
    public Database database() {
        return database;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClosedException("model registry over " + database.path() + " is closed");
        }
    }

    private ReentrantLock lock(String name) {
        ReentrantLock l = locks.computeIfAbsent(name, n -> new ReentrantLock());
        l.lock();
        return l;
    }

    // ---- save ---------------------------------------------------------------------------------

    @Override
    public ModelVersion save(String name, byte[] data, Map<String, String> metadata) {
        Objects.requireNonNull(data, "data");
        return save(name, new ByteArrayInputStream(data), metadata, SaveOptions.defaults());
    }

    @Override
    public ModelVersion save(String name, InputStream data, Map<String, String> metadata) {
        return save(name, data, metadata, SaveOptions.defaults());
    }

    @Override
    public ModelVersion save(String name, InputStream data, Map<String, String> metadata, SaveOptions save) {
        String m = model(name);
        Objects.requireNonNull(data, "data");
        Map<String, String> meta = Map.copyOf(metadata);
        Objects.requireNonNull(save, "save options");
        for (String k : save.tags().keySet()) {
            Names.check("version tag key", k);
        }
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            int version = (int) intValue(m + "seq") + 1;
            String vp = versionPrefix(name, version);
            DigestAlgorithm algorithm = save.digest().orElse(options.digest());
            BlobInfo stored = ChunkedBlobs.write(db, vp + "c/", data, options.chunkSize(), BlobFields.digest(algorithm), what(name, version));
            long now = System.currentTimeMillis();
            ModelManifest manifest = new ModelManifest(name, version, now, stored, meta, save.runId().orElse(""),
                    save.signingKey().map(k -> sign(k, name, version, stored)).orElse(""));
            WriteBatch batch = WriteBatch.create();
            batch.putText(vp + "stage", Stage.DEVELOPMENT.label());
            if (!save.tags().isEmpty()) {
                batch.putText(vp + "tags", Json.write(new java.util.TreeMap<>(save.tags())));
            }
            batch.putInt(m + "seq", version);
            event(batch, name, now, version, RegistryEvent.Kind.CREATED, "", "", Stage.DEVELOPMENT.label());
            // the manifest goes last in the batch; the batch is atomic, so the version appears whole or not at all
            batch.putText(vp + "manifest", manifest.toJson());
            boolean newModel = !db.exists(m + "created");
            if (newModel) {
                indexLock.lock();
                try {
                    batch.putInt(m + "created", now);
                    IndexList.append(db, batch, MODEL_INDEX, name);
                    db.write(batch);
                } finally {
                    indexLock.unlock();
                }
            } else {
                db.write(batch);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "saved " + what(name, version) + ", " + stored.size() + " bytes, "
                    + stored.algorithm() + " " + stored.digest());
            return version(name, version);
        } finally {
            l.unlock();
        }
    }

    private static byte[] signedPayload(String name, int version, BlobInfo s) {
        return ("syna-model-signature-v1\n" + name + "\n" + version + "\n" + s.algorithm() + "\n" + s.digest()
                + "\n" + s.size()).getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(PrivateKey key, String name, int version, BlobInfo s) {
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initSign(key);
            sig.update(signedPayload(name, version, s));
            return Base64.getEncoder().encodeToString(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new InvalidArgumentException("signing " + what(name, version) + " with an Ed25519 key failed: " + e.getMessage(), e);
        }
    }

    private void event(WriteBatch batch, String name, long time, int version, RegistryEvent.Kind kind, String subject,
            String from, String to) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("t", time);
        e.put("kind", kind.name());
        e.put("version", version);
        e.put("subject", subject);
        e.put("from", from);
        e.put("to", to);
        // several events in one batch: count the ones already queued under this list
        String base = model(name) + "ev/";
        long n = IndexList.count(db, base);
        for (WriteBatch.Op op : batch.ops()) {
            if (op.key().equals(base + "n") && op.value() instanceof Atom.Int64 c) {
                n = Math.max(n, c.value());
            }
        }
        batch.putText(base + IndexList.pad(n), Json.write(e));
        batch.putInt(base + "n", n + 1);
    }

    // ---- reads --------------------------------------------------------------------------------

    private long intValue(String key) {
        return db.get(key).orElse(null) instanceof Atom.Int64 n ? n.value() : 0;
    }

    private Optional<String> text(String key) {
        return db.get(key).orElse(null) instanceof Atom.Text t ? Optional.of(t.value()) : Optional.empty();
    }

    private Optional<ModelManifest> manifest(String name, int version) {
        return text(versionPrefix(name, version) + "manifest")
                .map(t -> ModelManifest.parse(t, "manifest of " + what(name, version)));
    }

    private ModelNotFoundException notFound(String name, int version) {
        if (!db.exists(model(name) + "created")) {
            return new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
        }
        return new ModelNotFoundException("model '" + name + "' has no version " + version + " (highest saved: "
                + intValue(model(name) + "seq") + ") in " + database.path());
    }

    private ModelManifest requireManifest(String name, int version) {
        Versions.checkVersion(name, version);
        return manifest(name, version).orElseThrow(() -> notFound(name, version));
    }

    private ModelVersion describe(String name, int version, ModelManifest mf) {
        String vp = versionPrefix(name, version);
        String w = "manifest of " + what(name, version);
        BlobInfo s = mf.blob();
        Stage stage = Stage.parse(text(vp + "stage").orElse(Stage.DEVELOPMENT.label()));
        Map<String, String> tags = text(vp + "tags").map(t -> Json.stringMap(Json.parse(t, w), w)).orElse(Map.of());
        return new ModelVersion(name, version, s.size(), s.chunks(), DigestAlgorithm.ofLabel(s.algorithm()), s.digest(),
                Instant.ofEpochMilli(mf.createdAt()), stage, mf.metadata(), tags,
                mf.runId().isEmpty() ? Optional.empty() : Optional.of(mf.runId()), mf.signed());
    }

    @Override
    public ModelVersion version(String name, int version) {
        ensureOpen();
        return describe(name, version, requireManifest(name, version));
    }

    @Override
    public ModelVersion latestVersion(String name) {
        ensureOpen();
        return describe(name, latest(name), requireManifest(name, latest(name)));
    }

    private int latest(String name) {
        String m = model(name);
        if (!db.exists(m + "created")) {
            throw new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
        }
        for (int v = (int) intValue(m + "seq"); v >= 1; v--) {
            if (db.exists(versionPrefix(name, v) + "manifest")) {
                return v;
            }
        }
        throw new ModelNotFoundException("model '" + name + "' has no versions left (all deleted) in " + database.path());
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        ensureOpen();
        String m = model(name);
        if (!db.exists(m + "created")) {
            throw new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
        }
        List<ModelVersion> out = new ArrayList<>();
        for (int v = 1, max = (int) intValue(m + "seq"); v <= max; v++) {
            int version = v;
            manifest(name, v).ifPresent(mf -> out.add(describe(name, version, mf)));
        }
        return out;
    }

    @Override
    public List<String> listModels() {
        ensureOpen();
        return IndexList.read(db, MODEL_INDEX);
    }

    // ---- loads --------------------------------------------------------------------------------

    @Override
    public LoadedModel load(String name) {
        ensureOpen();
        return load(name, latest(name));
    }

    @Override
    public LoadedModel load(String name, int version) {
        ensureOpen();
        ModelManifest mf = requireManifest(name, version);
        ModelVersion mv = describe(name, version, mf);
        if (mv.sizeBytes() > Integer.MAX_VALUE - 64) {
            throw new InvalidArgumentException(what(name, version) + " has " + mv.sizeBytes()
                    + " bytes, more than a byte[] holds; use openStream");
        }
        try (InputStream in = stream(name, version, mf)) {
            byte[] data = in.readNBytes((int) mv.sizeBytes());
            if (in.read() != -1) { // reaching the end is what checks the digest
                throw new InternalException(what(name, version) + ": stream longer than its recorded size");
            }
            return new LoadedModel(mv, data);
        } catch (IOException e) {
            throw new SynaIOException("reading " + what(name, version) + " from " + database.path() + " failed", e);
        }
    }

    @Override
    public LoadedModel loadProduction(String name) {
        ensureOpen();
        return load(name, production(name));
    }

    private int production(String name) {
        String m = model(name);
        if (!db.exists(m + "created")) {
            throw new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
        }
        for (int v = (int) intValue(m + "seq"); v >= 1; v--) {
            if (text(versionPrefix(name, v) + "stage").filter(Stage.PRODUCTION.label()::equals).isPresent()
                    && db.exists(versionPrefix(name, v) + "manifest")) {
                return v;
            }
        }
        throw new ModelNotFoundException("model '" + name + "' has no Production version in " + database.path());
    }

    @Override
    public LoadedModel loadAlias(String name, String alias) {
        return load(name, resolveAlias(name, alias).version());
    }

    @Override
    public InputStream openStream(String name, int version) {
        ensureOpen();
        return stream(name, version, requireManifest(name, version));
    }

    private InputStream stream(String name, int version, ModelManifest mf) {
        BlobInfo s = mf.blob();
        if (options.verifyKey().isPresent()) {
            String sigText = mf.signature();
            if (!mf.signed()) {
                throw new SignatureMismatchException(what(name, version) + " is not signed, but the registry requires an"
                        + " Ed25519 signature (" + s.algorithm() + " digest " + s.digest() + ")");
            }
            if (!verify(options.verifyKey().get(), name, version, s, sigText)) {
                throw new SignatureMismatchException(what(name, version) + ": signature does not verify with the"
                        + " configured Ed25519 key (" + s.algorithm() + " digest " + s.digest() + ")");
            }
        }
        return ChunkedBlobs.open(db, versionPrefix(name, version) + "c/", s, BlobFields.digestOf(s), what(name, version));
    }

    private static boolean verify(PublicKey key, String name, int version, BlobInfo s, String sigText) {
        try {
            Signature sig = Signature.getInstance("Ed25519");
            sig.initVerify(key);
            sig.update(signedPayload(name, version, s));
            return sig.verify(Base64.getDecoder().decode(sigText));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int removeOrphanChunks(String name) {
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            requireModel(name);
            int removed = 0;
            int seq = (int) intValue(model(name) + "seq");
            for (int v = 1; v <= seq + 1; v++) {
                if (!db.exists(versionPrefix(name, v) + "manifest")) {
                    removed += ChunkedBlobs.deleteChunks(db, versionPrefix(name, v) + "c/", 0);
                }
            }
            return removed;
        } finally {
            l.unlock();
        }
    }

    @Override
    public boolean verifySignature(String name, int version, PublicKey key) {
        ensureOpen();
        Objects.requireNonNull(key, "key");
        ModelManifest mf = requireManifest(name, version);
        return mf.signed() && verify(key, name, version, mf.blob(), mf.signature());
    }

    // ---- stages, aliases, tags ----------------------------------------------------------------

    @Override
    public ModelVersion setStage(String name, int version, Stage stage) {
        return setStage(name, version, stage, options.productionPolicy());
    }

    @Override
    public ModelVersion setStage(String name, int version, Stage stage, ProductionPolicy policy) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(policy, "policy");
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            ModelVersion current = describe(name, version, requireManifest(name, version));
            long now = System.currentTimeMillis();
            WriteBatch batch = WriteBatch.create();
            if (stage == Stage.PRODUCTION && policy == ProductionPolicy.ARCHIVE_PREVIOUS) {
                for (int v = 1, max = (int) intValue(model(name) + "seq"); v <= max; v++) {
                    String key = versionPrefix(name, v) + "stage";
                    if (v != version && text(key).filter(Stage.PRODUCTION.label()::equals).isPresent()) {
                        batch.putText(key, Stage.ARCHIVED.label());
                        event(batch, name, now, v, RegistryEvent.Kind.STAGE, "", Stage.PRODUCTION.label(),
                                Stage.ARCHIVED.label());
                    }
                }
            }
            if (current.stage() != stage) {
                batch.putText(versionPrefix(name, version) + "stage", stage.label());
                event(batch, name, now, version, RegistryEvent.Kind.STAGE, "", current.stage().label(), stage.label());
            }
            if (!batch.isEmpty()) {
                db.write(batch);
            }
            return version(name, version);
        } finally {
            l.unlock();
        }
    }

    private Map<String, Integer> aliasMap(String name) {
        String w = "aliases of model '" + name + "'";
        Map<String, Integer> out = new LinkedHashMap<>();
        text(model(name) + "aliases").ifPresent(t -> {
            for (Map.Entry<String, Object> e : Json.parseObject(t, w).entrySet()) {
                out.put(e.getKey(), ((Number) e.getValue()).intValue());
            }
        });
        return out;
    }

    @Override
    public void setAlias(String name, String alias, int version) {
        Names.check("alias", alias);
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            requireManifest(name, version);
            Map<String, Integer> aliases = aliasMap(name);
            Integer old = aliases.put(alias, version);
            if (old != null && old == version) {
                return;
            }
            WriteBatch batch = WriteBatch.create();
            batch.putText(model(name) + "aliases", Json.write(new java.util.TreeMap<>(aliases)));
            event(batch, name, System.currentTimeMillis(), version, RegistryEvent.Kind.ALIAS_SET, alias,
                    old == null ? "" : old.toString(), Integer.toString(version));
            db.write(batch);
        } finally {
            l.unlock();
        }
    }

    @Override
    public boolean removeAlias(String name, String alias) {
        Names.check("alias", alias);
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            Map<String, Integer> aliases = aliasMap(name);
            Integer old = aliases.remove(alias);
            if (old == null) {
                return false;
            }
            WriteBatch batch = WriteBatch.create();
            batch.putText(model(name) + "aliases", Json.write(new java.util.TreeMap<>(aliases)));
            event(batch, name, System.currentTimeMillis(), old, RegistryEvent.Kind.ALIAS_REMOVED, alias,
                    old.toString(), "");
            db.write(batch);
            return true;
        } finally {
            l.unlock();
        }
    }

    @Override
    public ModelVersion resolveAlias(String name, String alias) {
        ensureOpen();
        Names.check("alias", alias);
        Integer v = aliasMap(name).get(alias);
        if (v == null) {
            if (!db.exists(model(name) + "created")) {
                throw new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
            }
            throw new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "' (aliases: "
                    + aliasMap(name).keySet() + ")");
        }
        return version(name, v);
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        ensureOpen();
        requireModel(name);
        return Map.copyOf(aliasMap(name));
    }

    private void requireModel(String name) {
        if (!db.exists(model(name) + "created")) {
            throw new ModelNotFoundException("model '" + name + "' does not exist in " + database.path());
        }
    }

    private Map<String, String> tagMap(String key, String what) {
        return text(key).map(t -> Json.stringMap(Json.parse(t, what), what)).orElseGet(LinkedHashMap::new);
    }

    private boolean updateTags(String name, String key, String tagKey, Optional<String> value) {
        Names.check("tag key", tagKey);
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            Map<String, String> tags = new java.util.TreeMap<>(tagMap(key, "tags at " + key));
            String old = value.isPresent() ? tags.put(tagKey, value.get()) : tags.remove(tagKey);
            if (Objects.equals(old, value.orElse(null))) {
                return false;
            }
            db.putText(key, Json.write(tags));
            return true;
        } finally {
            l.unlock();
        }
    }

    @Override
    public void setModelTag(String name, String key, String value) {
        requireModel(name);
        updateTags(name, model(name) + "tags", key, Optional.of(Objects.requireNonNull(value, "value")));
    }

    @Override
    public boolean removeModelTag(String name, String key) {
        requireModel(name);
        return updateTags(name, model(name) + "tags", key, Optional.empty());
    }

    @Override
    public Map<String, String> modelTags(String name) {
        ensureOpen();
        requireModel(name);
        return Map.copyOf(tagMap(model(name) + "tags", "tags of model '" + name + "'"));
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value) {
        requireManifest(name, version);
        updateTags(name, versionPrefix(name, version) + "tags", key, Optional.of(Objects.requireNonNull(value, "value")));
    }

    @Override
    public boolean removeVersionTag(String name, int version, String key) {
        requireManifest(name, version);
        return updateTags(name, versionPrefix(name, version) + "tags", key, Optional.empty());
    }

    @Override
    public List<RegistryEvent> history(String name) {
        ensureOpen();
        requireModel(name);
        String w = "event of model '" + name + "'";
        List<RegistryEvent> out = new ArrayList<>();
        for (String text : IndexList.read(db, model(name) + "ev/")) {
            Map<String, Object> e = Json.parseObject(text, w);
            out.add(new RegistryEvent(Instant.ofEpochMilli(((Number) e.get("t")).longValue()), name,
                    ((Number) e.get("version")).intValue(), RegistryEvent.Kind.valueOf((String) e.get("kind")),
                    (String) e.get("subject"), (String) e.get("from"), (String) e.get("to")));
        }
        return out;
    }

    // ---- delete -------------------------------------------------------------------------------

    @Override
    public boolean deleteVersion(String name, int version) {
        Versions.checkVersion(name, version);
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            requireModel(name);
            String vp = versionPrefix(name, version);
            Optional<ModelManifest> mf = manifest(name, version);
            if (mf.isEmpty()) {
                return false;
            }
            long now = System.currentTimeMillis();
            WriteBatch batch = WriteBatch.create();
            batch.delete(vp + "manifest");
            batch.delete(vp + "stage");
            if (db.exists(vp + "tags")) {
                batch.delete(vp + "tags");
            }
            Map<String, Integer> aliases = aliasMap(name);
            List<String> dropped = new ArrayList<>();
            aliases.forEach((a, v) -> {
                if (v == version) {
                    dropped.add(a);
                }
            });
            for (String a : dropped) {
                aliases.remove(a);
                event(batch, name, now, version, RegistryEvent.Kind.ALIAS_REMOVED, a, Integer.toString(version), "");
            }
            if (!dropped.isEmpty()) {
                batch.putText(model(name) + "aliases", Json.write(new java.util.TreeMap<>(aliases)));
            }
            event(batch, name, now, version, RegistryEvent.Kind.DELETED, "", "", "");
            db.write(batch);
            int chunks = ChunkedBlobs.deleteChunks(db, vp + "c/", 0);
            LOG.log(System.Logger.Level.DEBUG, () -> "deleted " + what(name, version) + " (" + chunks + " chunks)");
            return true;
        } finally {
            l.unlock();
        }
    }

    @Override
    public boolean deleteModel(String name, boolean force) {
        String m = model(name);
        ReentrantLock l = lock(name);
        try {
            ensureOpen();
            if (!db.exists(m + "created")) {
                return false;
            }
            int seq = (int) intValue(m + "seq");
            WriteBatch batch = WriteBatch.create();
            List<Integer> production = new ArrayList<>();
            for (int v = 1; v <= seq; v++) {
                String vp = versionPrefix(name, v);
                if (!db.exists(vp + "manifest")) {
                    continue;
                }
                if (text(vp + "stage").filter(Stage.PRODUCTION.label()::equals).isPresent()) {
                    production.add(v);
                }
                for (String k : List.of("manifest", "stage", "tags")) {
                    if (db.exists(vp + k)) {
                        batch.delete(vp + k);
                    }
                }
            }
            if (!production.isEmpty() && !force) {
                throw new ModelInProductionException("model '" + name + "' has version" + (production.size() > 1 ? "s " : " ")
                        + production + " in Production in " + database.path()
                        + "; move " + (production.size() > 1 ? "them" : "it") + " to another stage first, or delete with force");
            }
            for (String k : List.of("created", "seq", "tags", "aliases")) {
                if (db.exists(m + k)) {
                    batch.delete(m + k);
                }
            }
            IndexList.clear(db, batch, m + "ev/");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", "model");
            item.put("name", name);
            item.put("seq", seq);
            String id = "model/" + name;
            indexLock.lock();
            try {
                IndexList.remove(db, batch, MODEL_INDEX, name);
                Trash.commit(db, batch, id, item); // the commit point: the model is gone
            } finally {
                indexLock.unlock();
            }
            Trash.purge(db, item, database.path().toString());
            Trash.done(db, id);
            LOG.log(System.Logger.Level.DEBUG, () -> "deleted model '" + name + "' (" + seq + " versions)");
            return true;
        } finally {
            l.unlock();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsDatabase) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + database.path() + ", " + options + "]";
    }
}
