package syna.faiss.internal.binding;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles of {@code syna_faiss.h}, one static method each. Only {@link NativeIndex} and
 * {@link FaissLibrary} call these, and only after the library loaded. Each returns the shim's status (or
 * value) unchanged; {@link Status} turns a status into an exception. Thread-safe (the shim's thread-safety
 * is FAISS's: see {@link NativeIndex}).
 */
@SuppressWarnings("restricted") // downcall handles of the shim, and its C strings read back
final class Shim {
    private Shim() {}

    /** Longest C string read back from the shim (error messages, the version). */
    private static final long MAX_STRING = 1 << 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup SYMBOLS = FaissLibrary.symbols();

    private static final MethodHandle ABI_VERSION = bind("syna_faiss_abi_version", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle FAISS_VERSION = bind("syna_faiss_faiss_version", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle LAST_ERROR = bind("syna_faiss_last_error", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle LIVE_HANDLES = bind("syna_faiss_live_handles", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle CREATE = bind("syna_faiss_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    /** {@code void syna_faiss_free(syna_faiss_index*)}: the address for an arena's cleanup. */
    static final MemorySegment FREE_ADDRESS = SYMBOLS.find("syna_faiss_free").orElseThrow();
    private static final MethodHandle FREE = LINKER.downcallHandle(FREE_ADDRESS, FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle DIMENSION = bind("syna_faiss_dimension", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle NTOTAL = bind("syna_faiss_ntotal", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle IS_TRAINED = bind("syna_faiss_is_trained", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle METRIC = bind("syna_faiss_metric", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle KIND = bind("syna_faiss_kind", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle TRAIN = bind("syna_faiss_train",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
    private static final MethodHandle ADD = bind("syna_faiss_add",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle REMOVE_IDS = bind("syna_faiss_remove_ids",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle SEARCH = bind("syna_faiss_search", FunctionDescriptor.of(JAVA_INT, ADDRESS,
            JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TIME_SEARCH = bind("syna_faiss_time_search", FunctionDescriptor.of(JAVA_INT, ADDRESS,
            JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SET_PARAMETER = bind("syna_faiss_set_parameter",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE));
    private static final MethodHandle WRITE_FILE = bind("syna_faiss_write_file", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle READ_FILE = bind("syna_faiss_read_file", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle WRITE_STREAM = bind("syna_faiss_write_stream",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle READ_MEMORY = bind("syna_faiss_read_memory",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    private static final MethodHandle SERIALIZED_SIZE = bind("syna_faiss_serialized_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** The signature of {@code syna_faiss_write_fn}. */
    static final FunctionDescriptor WRITE_FN = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);

    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        MemorySegment address = SYMBOLS.find(name).orElseThrow(() -> new IllegalStateException(
                "libsynafaiss has no symbol " + name + ": the library is older than this syna.faiss; rebuild syna-faiss"));
        return LINKER.downcallHandle(address, fd);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }

    private static String string(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(MAX_STRING).getString(0);
    }

    static int abiVersion() {
        try {
            return (int) ABI_VERSION.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String faissVersion() {
        try {
            return string((MemorySegment) FAISS_VERSION.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The message of the last failure on this thread; call right after the failing call. */
    static String lastError() {
        try {
            return string((MemorySegment) LAST_ERROR.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long liveHandles() {
        try {
            return (long) LIVE_HANDLES.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int create(MemorySegment factory, int dimension, int metric, MemorySegment out) {
        try {
            return (int) CREATE.invokeExact(factory, dimension, metric, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void free(MemorySegment index) {
        try {
            FREE.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int dimension(MemorySegment index) {
        try {
            return (int) DIMENSION.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long ntotal(MemorySegment index) {
        try {
            return (long) NTOTAL.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int isTrained(MemorySegment index) {
        try {
            return (int) IS_TRAINED.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int metric(MemorySegment index) {
        try {
            return (int) METRIC.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int kind(MemorySegment index) {
        try {
            return (int) KIND.invokeExact(index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int train(MemorySegment index, long n, MemorySegment x, int threads) {
        try {
            return (int) TRAIN.invokeExact(index, n, x, threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int add(MemorySegment index, long n, MemorySegment x, MemorySegment ids, int threads) {
        try {
            return (int) ADD.invokeExact(index, n, x, ids, threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int removeIds(MemorySegment index, long n, MemorySegment ids, MemorySegment removed) {
        try {
            return (int) REMOVE_IDS.invokeExact(index, n, ids, removed);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int search(MemorySegment index, long n, MemorySegment x, long k, int nprobe, int efSearch,
            MemorySegment bitmap, long bitmapBytes, int threads, MemorySegment distances, MemorySegment labels) {
        try {
            return (int) SEARCH.invokeExact(index, n, x, k, nprobe, efSearch, bitmap, bitmapBytes, threads, distances, labels);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int timeSearch(MemorySegment index, long n, MemorySegment x, long k, int nprobe, int efSearch, int threads,
            MemorySegment labels, MemorySegment elapsed) {
        try {
            return (int) TIME_SEARCH.invokeExact(index, n, x, k, nprobe, efSearch, threads, labels, elapsed);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setParameter(MemorySegment index, MemorySegment name, double value) {
        try {
            return (int) SET_PARAMETER.invokeExact(index, name, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int writeFile(MemorySegment index, MemorySegment path) {
        try {
            return (int) WRITE_FILE.invokeExact(index, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int readFile(MemorySegment path, MemorySegment out) {
        try {
            return (int) READ_FILE.invokeExact(path, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int writeStream(MemorySegment index, MemorySegment fn, MemorySegment ctx) {
        try {
            return (int) WRITE_STREAM.invokeExact(index, fn, ctx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int readMemory(MemorySegment data, long len, MemorySegment consumed, MemorySegment out) {
        try {
            return (int) READ_MEMORY.invokeExact(data, len, consumed, out);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int serializedSize(MemorySegment index, MemorySegment size) {
        try {
            return (int) SERIALIZED_SIZE.invokeExact(index, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Linker linker() {
        return LINKER;
    }
}
