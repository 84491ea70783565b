package syna.mlops;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.HistoryRetention;
import syna.api.Syna;
import syna.mlops.internal.Registry;

/**
 * Versioned model storage with stages, aliases, tags, lineage and a digest checked on every load.
 *
 * <p>Each version is written as chunks of at most {@link ModelRegistryOptions#chunkSize()} bytes,
 * then committed by one atomic {@link syna.api.WriteBatch} holding its manifest (size, chunk count,
 * digest and the algorithm that made it), its stage and the model's version counter. A crash or a
 * failing input stream before that write leaves no visible version; the chunks it left behind are
 * deleted by the next save of that model, which gets the same version number.
 *
 * <p>Loads stream the chunks back and compare the digest at the end; a mismatch throws
 * {@link syna.api.ChecksumMismatchException} naming model, version, algorithm and both digests.
 * {@link #openStream(String, int)} does so without ever holding the whole model in memory.
 *
 * <p><b>Freeing the bytes of deleted versions.</b> {@link #deleteVersion(String, int)} writes
 * tombstones for the manifest and every chunk. The log engine keeps deleted values' history, and
 * its default compaction ({@link HistoryRetention#all()}) keeps them too, so the file does not
 * shrink. {@link #reclaimDeletedBytes(Database)} compacts with a retention that keeps every value of
 * live keys but drops deleted keys, which frees the chunks (and drops the history of every other
 * deleted key in that database).
 *
 * <p>Several registries over one {@code Database} object share their per-model locks, and several
 * threads may use one registry at once. Thread-safe.
 */
public interface ModelRegistry extends AutoCloseable {

    /** A registry over {@code database} with default options; closing it leaves the database open. */
    static ModelRegistry open(Database database) {
        return open(database, ModelRegistryOptions.defaults());
    }

    /** A registry over {@code database}; closing it leaves the database open. */
    static ModelRegistry open(Database database, ModelRegistryOptions options) {
        return new Registry(database, options, false);
    }

    /**
     * Opens (creating if missing) the database in {@code dir} and a registry that owns and closes it.
     * To use a registry and a tracker on one database, open the {@link Database} once and pass it to both.
     */
    static ModelRegistry open(Path dir) {
        return open(dir, ModelRegistryOptions.defaults());
    }

    /** Opens the database in {@code dir} and a registry with {@code options} that owns and closes it. */
    static ModelRegistry open(Path dir, ModelRegistryOptions options) {
        Database db = Syna.open(dir);
        try {
            return new Registry(db, options, true);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The options. */
    ModelRegistryOptions options();

    /** The database it stores into. */
    Database database();

    /**
     * Saves {@code data} as the next version of {@code name} (stage Development). Saves of one model
     * are serialised (they hold its lock while streaming); different models save in parallel.
     */
    ModelVersion save(String name, byte[] data, Map<String, String> metadata);

    /** Saves the bytes of {@code data} (read to its end, not closed) as the next version. */
    ModelVersion save(String name, InputStream data, Map<String, String> metadata);

    /** Saves the next version with lineage, digest, signature or tags from {@code options}. */
    ModelVersion save(String name, InputStream data, Map<String, String> metadata, SaveOptions options);

    /** The latest version's bytes, checked. */
    LoadedModel load(String name);

    /**
     * Version {@code version}'s bytes, checked. The bytes are briefly held twice while the result is
     * built (records copy arrays); use {@link #openStream(String, int)} for models near the heap size.
     */
    LoadedModel load(String name, int version);

    /** The Production version's bytes (the highest-numbered one if several serve), checked. */
    LoadedModel loadProduction(String name);

    /** The bytes of the version {@code alias} points at, checked. */
    LoadedModel loadAlias(String name, String alias);

    /**
     * A stream over version {@code version}'s bytes, one chunk in memory at a time; at end of stream
     * it checks the digest and throws {@link syna.api.ChecksumMismatchException} on a mismatch.
     * Close it when done. Not thread-safe; one per thread.
     */
    InputStream openStream(String name, int version);

    /** The description of one version. */
    ModelVersion version(String name, int version);

    /** The latest (highest-numbered, not deleted) version. */
    ModelVersion latestVersion(String name);

    /** Every version of {@code name}, oldest first. */
    List<ModelVersion> listVersions(String name);

    /** Every model name, in creation order. */
    List<String> listModels();

    /** Moves a version to {@code stage} with the registry's {@link ModelRegistryOptions#productionPolicy()}. */
    ModelVersion setStage(String name, int version, Stage stage);

    /** Moves a version to {@code stage}; promotions to Production follow {@code policy}. Atomic. */
    ModelVersion setStage(String name, int version, Stage stage, ProductionPolicy policy);

    /** Points {@code alias} (e.g. {@code champion}) at {@code version}, moving it if it pointed elsewhere. */
    void setAlias(String name, String alias, int version);

    /** Removes {@code alias}; returns whether it existed. */
    boolean removeAlias(String name, String alias);

    /** The version {@code alias} points at. */
    ModelVersion resolveAlias(String name, String alias);

    /** Every alias of the model and its version. */
    Map<String, Integer> aliases(String name);

    /** Sets a tag on the model. */
    void setModelTag(String name, String key, String value);

    /** Removes a model tag; returns whether it existed. */
    boolean removeModelTag(String name, String key);

    /** The model's tags. */
    Map<String, String> modelTags(String name);

    /** Sets a tag on one version. */
    void setVersionTag(String name, int version, String key, String value);

    /** Removes a version tag; returns whether it existed. */
    boolean removeVersionTag(String name, int version, String key);

    /** Every stage and alias change of the model, oldest first, with its time. */
    List<RegistryEvent> history(String name);

    /**
     * Deletes a version: manifest, stage and aliases first in one atomic write (the version vanishes
     * at once), then its chunks. Returns whether it existed. See the class comment on freeing bytes.
     */
    boolean deleteVersion(String name, int version);

    /**
     * Deletes model {@code name} with every version, its chunks, tags, aliases and event history, as
     * {@link #deleteModel(String, boolean)} without force: a model with a version in Production is
     * refused with {@link ModelInProductionException}. Returns whether the model existed.
     */
    default boolean deleteModel(String name) {
        return deleteModel(name, false);
    }

    /**
     * Deletes model {@code name}: every version (manifest, stage, tags, chunks), its tags, aliases,
     * event history and its place in {@link #listModels()}. Without {@code force}, a model with a
     * version in Production is refused with {@link ModelInProductionException} and nothing changes.
     * Crash-safe: one atomic write removes everything readers see (the model is gone at once), then the
     * chunks are deleted; a crash in between leaves the chunks to the next registry or tracker opened
     * writable on the database, which deletes them. Saving under the name again starts at version 1.
     * Returns whether the model existed. See the class comment on freeing bytes.
     */
    boolean deleteModel(String name, boolean force);

    /**
     * Deletes chunks that belong to no committed version of {@code name}, such as those a crash
     * left between {@link #deleteVersion(String, int)}'s atomic manifest delete and its chunk deletes,
     * or those of a crashed save (the next save also removes these). Returns the number of chunks
     * deleted. Costs a few point lookups per version.
     */
    int removeOrphanChunks(String name);

    /** Whether version {@code version} carries a valid Ed25519 signature by {@code key}. */
    boolean verifySignature(String name, int version, PublicKey key);

    /**
     * Compacts {@code database} keeping every value of live keys and dropping deleted keys, which
     * frees the bytes of deleted versions (and the history of every other deleted key).
     */
    static CompactionResult reclaimDeletedBytes(Database database) {
        return database.compact(HistoryRetention.lastN(Integer.MAX_VALUE - 1));
    }

    /** Closes the registry (and the database when it opened it); idempotent. */
    @Override
    void close();
}
