package syna.tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import syna.api.Database;
import syna.api.HistoryQuery;
import syna.api.KeySpace;
import syna.tensor.internal.Engine;

/**
 * Tensors stored by name in a {@link Database}: in namespace {@code tensor} (descriptions) and
 * {@code tensor.chunks} (data of large tensors), apart from the user's keys.
 *
 * <pre>{@code
 * try (Database db = Syna.open(dir)) {
 *     TensorEngine tensors = TensorEngine.open(db);
 *     tensors.put("weights", Tensor.ofFloats(1, 2, 3));
 *     tensors.putAll("train/", rows);                       // train/00000000, train/00000001, ...
 *     try (Tensor all = tensors.get("train/*")) { ... }     // stacked in numeric order
 * }
 * }</pre>
 *
 * <p><b>Names</b> are 1 to 250 characters without control characters and without the glob
 * characters {@code * ? [}, so that {@link #get(String)} can tell a name from a pattern.
 *
 * <p><b>Globs</b>: {@code *} any run of characters, {@code ?} one, {@code [abc]} / {@code [a-z]} /
 * {@code [!a-z]} a set, {@code \x} a literal {@code x}. Matches are concatenated in numeric order:
 * names compare digit run by digit run as numbers ({@code x2} before {@code x10}), so rows written
 * by {@link #putAll} come back in index order whatever their width.
 *
 * <p><b>Storage</b>: a tensor up to {@link TensorOptions#inlineBytes()} is one value holding its
 * description and data; a larger one is chunks of {@link TensorOptions#chunkBytes()} (chosen by the
 * engine unless set) written with the off-heap write path, each with a CRC32C in the description
 * and checked on every read, and the description written last: a tensor is visible whole or not at
 * all. A crashed write's chunks are deleted by the next {@link #open}. Reads stream chunks into
 * off-heap memory; no read or write holds a large tensor on the heap.
 *
 * <p>Thread-safe: any number of threads may read and write; writes of one name are serialised at
 * their commit (the last commit wins).
 */
public interface TensorEngine {
    /** Width of the zero-padded index that {@link #putAll} appends to the prefix. */
    int INDEX_WIDTH = 8;

    /**
     * The tensor engine of {@code db} with the default options; finishes the cleanup a crashed
     * writer left (unless the database is read-only).
     */
    static TensorEngine open(Database db) {
        return open(db, TensorOptions.defaults());
    }

    /** The tensor engine of {@code db} with {@code options}. */
    static TensorEngine open(Database db, TensorOptions options) {
        return Engine.open(db, options);
    }

    /** The database. */
    Database database();

    /** The options. */
    TensorOptions options();

    // ---- writes ------------------------------------------------------------------------------

    /** Stores {@code tensor} (any layout: a strided view is written packed) as {@code name}, replacing any earlier one. */
    TensorInfo put(String name, Tensor tensor);

    /** A writer that streams a tensor of {@code dtype} and {@code shape} into {@code name}; commit to publish. */
    TensorWriter writer(String name, DType dtype, Shape shape);

    /**
     * Stores each row (dimension-0 slice) of {@code rows} as its own tensor
     * {@code prefix + index} with the index zero-padded to {@value #INDEX_WIDTH} digits, from 0;
     * returns the number of rows. Rows go in batches, each atomic; after a crash a prefix of the rows
     * is there.
     */
    long putAll(String prefix, Tensor rows);

    /** As {@link #putAll(String, Tensor)} with indices from {@code firstIndex} (to append to earlier rows). */
    long putAll(String prefix, Tensor rows, long firstIndex);

    /** Stores each tensor of {@code tensors} as {@code prefix + index} (zero-padded, from 0). */
    long putAll(String prefix, List<Tensor> tensors);

    /** Deletes tensor {@code name}; returns whether it existed. */
    boolean delete(String name);

    /** Deletes every tensor whose name matches {@code glob}; returns how many. */
    long deleteMatching(String glob);

    // ---- reads ---------------------------------------------------------------------------------

    /**
     * The tensor {@code name}, or the tensors matching a glob concatenated in numeric order: when
     * all matches have one shape {@code S}, the result is {@code [matches] ++ S} (stacked rows, as
     * {@link #putAll} wrote them); when they differ in dimension 0 only, they are concatenated
     * along it; other shapes throw {@link ShapeMismatchException} naming two of them. Matches of
     * different dtypes throw {@link DTypeMismatchException}. A name or pattern that matches nothing
     * throws {@link syna.api.KeyNotFoundException}. The data is read into off-heap memory the
     * returned tensor owns: close it.
     */
    Tensor get(String nameOrGlob);

    /**
     * As {@link #get(String)}, with the elements of the tensor or matches, in order, in
     * {@code shape}; a different element count throws {@link ShapeMismatchException} naming both
     * shapes.
     */
    Tensor get(String nameOrGlob, Shape shape);

    /** A reader that streams tensor {@code name} chunk by chunk. */
    TensorReader reader(String name);

    /** What is stored about {@code name}, without reading its data. */
    Optional<TensorInfo> info(String name);

    /** Whether tensor {@code name} exists. */
    boolean exists(String name);

    /** Names of all tensors, in numeric order. */
    List<String> names();

    /** Names matching {@code glob}, in numeric order. */
    List<String> names(String glob);

    // ---- time series -----------------------------------------------------------------------------

    /**
     * The history of user key {@code key} of the database as a 1-D tensor, oldest first: i64 when
     * every value is an int64, else f64 (int64 values widened); deletes are skipped.
     */
    Tensor historyAsTensor(String key);

    /** The points of user key {@code key} that {@code query} selects, as {@link #historyAsTensor(String)}. */
    Tensor historyAsTensor(String key, HistoryQuery query);

    /** The points of {@code key} in any key space (a namespace) that {@code query} selects. */
    Tensor historyAsTensor(KeySpace space, String key, HistoryQuery query);

    // ---- batches ---------------------------------------------------------------------------------

    /**
     * Random access to the rows of {@code nameOrGlob} (assembled as {@link #get(String)} would, without
     * loading it unless it fits {@code memoryBytes}); close the reader.
     */
    RowReader rows(String nameOrGlob, long memoryBytes);

    /** Batches of rows of the tensors {@code options} names, prefetched on virtual threads; close the iterator. */
    BatchIterator batches(BatchOptions options);

    // ---- files -------------------------------------------------------------------------------------

    /**
     * Writes tensor {@code name} as a {@code .npy} file, byte for byte what numpy's {@code np.save}
     * writes for the same array; streamed, so any size works. bf16 has no numpy dtype and throws
     * {@link syna.api.UnsupportedFeatureException}.
     */
    void exportNpy(String name, Path file);

    /**
     * Reads a {@code .npy} file (format 1.0, 2.0 or 3.0, C order, little- or big-endian, one of the
     * ten dtypes) into tensor {@code name}; streamed.
     */
    TensorInfo importNpy(Path file, String name);

    /**
     * Writes the tensors {@code names} as one safetensors file with {@code metadata} (may be empty),
     * byte for byte what the safetensors library writes for the same tensors; streamed.
     */
    void exportSafetensors(List<String> names, Map<String, String> metadata, Path file);

    /**
     * Reads every tensor of a safetensors file into tensors {@code prefix + its name}; returns
     * them. Streamed; checks offsets, sizes and dtypes before writing anything.
     */
    List<TensorInfo> importSafetensors(Path file, String prefix);

    /** The {@code __metadata__} of a safetensors file (empty when it has none). */
    Map<String, String> safetensorsMetadata(Path file);
}
