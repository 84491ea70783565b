package syna.nativeabi.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.ErrorCode;
import syna.api.HistoryQuery;
import syna.api.HistoryRetention;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.Syna;
import syna.api.TimeSeries;
import syna.api.VerifyReport;

/**
 * The key-value functions of the C ABI ({@code SYNA_open} ... {@code SYNA_verify}); each returns the status
 * code and writes its results through the out-parameters. Bound by {@link Bootstrap} from {@link Spec}.
 * Thread-safe (the database is).
 */
@SuppressWarnings("restricted") // C pointers and upcalls are this module's purpose (--enable-native-access=syna.nativeabi)
final class CoreCalls {
    private static final int OK = ErrorCode.SUCCESS.code();

    private CoreCalls() {}

    static int open(MemorySegment path, MemorySegment outDb) {
        return openWithConfig(path, MemorySegment.NULL, outDb);
    }

    static int openWithConfig(MemorySegment path, MemorySegment options, MemorySegment outDb) {
        MemorySegment out = Native.out(outDb, 8, "out_db");
        String dir = Native.string(path, "path", ErrorCode.INVALID_PATH);
        if (dir.isEmpty()) {
            throw new syna.api.InvalidPathException("path must not be empty");
        }
        DatabaseOptions.Builder b = DatabaseOptions.builder(Path.of(dir));
        configure(b, Native.stringOr(options, "options", ""));
        Database db = b.open();
        out.set(JAVA_LONG, 0, Handles.addDatabase(db));
        return OK;
    }

    /** Applies {@code name=value,...} to the builder; unknown names and bad values are INVALID_ARGUMENT. */
    static void configure(DatabaseOptions.Builder b, String options) {
        for (String item : options.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new InvalidArgumentException("option '" + s + "' is not name=value");
            }
            String name = s.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = s.substring(eq + 1).strip();
            switch (name) {
                case "durability" -> b.durability(enumValue(Durability.class, name, value));
                case "create_if_missing" -> b.createIfMissing(bool(name, value));
                case "read_only" -> b.readOnly(bool(name, value));
                case "salvage" -> b.salvage(bool(name, value));
                case "codec" -> b.codec(value);
                case "engine" -> b.engine(value);
                case "max_value_bytes" -> b.maxValueBytes((int) number(name, value, Integer.MAX_VALUE));
                case "compression_threshold" -> b.compressionThreshold((int) number(name, value, Integer.MAX_VALUE));
                case "history" -> b.retention(value.equals("all") ? HistoryRetention.all()
                        : value.startsWith("last:")
                                ? HistoryRetention.lastN((int) number(name, value.substring(5), Integer.MAX_VALUE))
                                : fail("history must be all or last:N, got '" + value + "'"));
                default -> throw new InvalidArgumentException("unknown option '" + name + "' (known: durability, "
                        + "create_if_missing, read_only, salvage, history, codec, engine, max_value_bytes, "
                        + "compression_threshold)");
            }
        }
    }

    private static <T> T fail(String message) {
        throw new InvalidArgumentException(message);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new InvalidArgumentException("option " + name + " must be one of "
                + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT) + ", got '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidArgumentException("option " + name + " must be true or false, got '" + value
                    + "'");
        };
    }

    private static long number(String name, String value, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > max) {
                throw new InvalidArgumentException("option " + name + " must be in [0, " + max + "], got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("option " + name + " must be a number, got '" + value + "'", e);
        }
    }

    static int close(long db) {
        Handles.database(db);
        Handles.close(db);
        return OK;
    }

    private static String key(MemorySegment key) {
        return Native.string(key, "key", ErrorCode.INVALID_ARGUMENT);
    }

    static int putFloat(long db, MemorySegment key, double value) {
        Handles.database(db).putFloat(key(key), value);
        return OK;
    }

    static int putInt(long db, MemorySegment key, long value) {
        Handles.database(db).putInt(key(key), value);
        return OK;
    }

    static int putText(long db, MemorySegment key, MemorySegment value) {
        Database d = Handles.database(db);
        d.putText(key(key), Native.string(value, "text value", ErrorCode.INVALID_ARGUMENT));
        return OK;
    }

    static int putBytes(long db, MemorySegment key, MemorySegment data, long len) {
        Database d = Handles.database(db);
        String k = key(key);
        if (len < 0) {
            throw new InvalidArgumentException("len " + len + " of key '" + k + "' is negative");
        }
        if (len > 0 && Native.isNull(data)) {
            throw new InvalidArgumentException("data of key '" + k + "' is NULL but len is " + len);
        }
        d.putBytes(k, len == 0 ? MemorySegment.ofArray(new byte[0]) : data.reinterpret(len));
        return OK;
    }

    static int putVector(long db, MemorySegment key, MemorySegment values, long dim) {
        Database d = Handles.database(db);
        String k = key(key);
        d.putVector(k, floats(values, dim, "vector of key '" + k + "'"));
        return OK;
    }

    /** Copies {@code dim} floats (1 to 65536) from C. */
    static float[] floats(MemorySegment values, long dim, String what) {
        if (dim < 1 || dim > 65_536) {
            throw new InvalidArgumentException(what + " has dimension " + dim + ", outside [1, 65536]");
        }
        if (Native.isNull(values)) {
            throw new InvalidArgumentException(what + " is NULL");
        }
        return values.reinterpret(dim * 4).toArray(JAVA_FLOAT);
    }

    static int putFloatsBatch(long db, MemorySegment key, MemorySegment values, long count) {
        Database d = Handles.database(db);
        String k = key(key);
        checkCount(values, count, k);
        d.putFloats(k, count == 0 ? new double[0] : values.reinterpret(count * 8).toArray(JAVA_DOUBLE));
        return OK;
    }

    static int putIntsBatch(long db, MemorySegment key, MemorySegment values, long count) {
        Database d = Handles.database(db);
        String k = key(key);
        checkCount(values, count, k);
        d.putInts(k, count == 0 ? new long[0] : values.reinterpret(count * 8).toArray(JAVA_LONG));
        return OK;
    }

    private static void checkCount(MemorySegment values, long count, String key) {
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new InvalidArgumentException("count " + count + " of key '" + key + "' is outside [0, 2^31-9]");
        }
        if (count > 0 && Native.isNull(values)) {
            throw new InvalidArgumentException("values of key '" + key + "' are NULL but count is " + count);
        }
    }

    /** A write batch and the database it goes to. */
    private record Batch(syna.api.WriteBatch ops, long db) {}

    static int batchNew(long db, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_batch");
        Handles.database(db);
        o.set(JAVA_LONG, 0, Handles.add(new Batch(syna.api.WriteBatch.create(), db), db, "write batch"));
        return OK;
    }

    private static syna.api.WriteBatch batch(long h) {
        return Handles.get(h, Batch.class, "write batch").ops();
    }

    static int batchPutFloat(long h, MemorySegment key, double value) {
        batch(h).putFloat(key(key), value);
        return OK;
    }

    static int batchPutInt(long h, MemorySegment key, long value) {
        batch(h).putInt(key(key), value);
        return OK;
    }

    static int batchPutText(long h, MemorySegment key, MemorySegment value) {
        syna.api.WriteBatch b = batch(h);
        b.putText(key(key), Native.string(value, "text value", ErrorCode.INVALID_ARGUMENT));
        return OK;
    }

    static int batchPutBytes(long h, MemorySegment key, MemorySegment data, long len) {
        syna.api.WriteBatch b = batch(h);
        String k = key(key);
        if (len < 0 || len > Integer.MAX_VALUE - 8 || (len > 0 && Native.isNull(data))) {
            throw new InvalidArgumentException("data of key '" + k + "' is NULL or len " + len + " is out of range");
        }
        b.putBytes(k, len == 0 ? new byte[0] : data.reinterpret(len).toArray(JAVA_BYTE));
        return OK;
    }

    static int batchDelete(long h, MemorySegment key) {
        batch(h).delete(key(key));
        return OK;
    }

    static int batchCommit(long h) {
        Batch b = Handles.get(h, Batch.class, "write batch");
        try {
            Handles.database(b.db()).write(b.ops());
        } finally {
            Handles.close(h);
        }
        return OK;
    }

    static int batchDiscard(long h) {
        Handles.get(h, Batch.class, "write batch");
        Handles.close(h);
        return OK;
    }

    static int getFloat(long db, MemorySegment key, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out");
        o.set(JAVA_DOUBLE, 0, Handles.database(db).getFloat(key(key)));
        return OK;
    }

    static int getInt(long db, MemorySegment key, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out");
        o.set(JAVA_LONG, 0, Handles.database(db).getInt(key(key)));
        return OK;
    }

    static int getText(long db, MemorySegment key, MemorySegment out, MemorySegment outLen) {
        MemorySegment o = Native.out(out, 8, "out");
        String text = Handles.database(db).getText(key(key));
        MemorySegment c = Native.cString(text);
        if (!Native.isNull(outLen)) {
            outLen.reinterpret(8).set(JAVA_LONG, 0, c.byteSize() - 1);
        }
        Native.setPointer(o, c);
        return OK;
    }

    static int getBytes(long db, MemorySegment key, MemorySegment out, MemorySegment outLen) {
        MemorySegment o = Native.out(out, 8, "out");
        MemorySegment len = Native.out(outLen, 8, "out_len");
        byte[] bytes = Handles.database(db).getBytes(key(key));
        MemorySegment c = MemorySegment.NULL;
        if (bytes.length > 0) {
            c = Native.malloc(bytes.length);
            MemorySegment.copy(bytes, 0, c, JAVA_BYTE, 0, bytes.length);
        }
        len.set(JAVA_LONG, 0, bytes.length);
        Native.setPointer(o, c);
        return OK;
    }

    static int getVector(long db, MemorySegment key, MemorySegment out, MemorySegment outDim) {
        MemorySegment o = Native.out(out, 8, "out");
        MemorySegment dim = Native.out(outDim, 8, "out_dim");
        float[] v = Handles.database(db).getVector(key(key));
        MemorySegment c = Native.malloc(v.length * 4L);
        MemorySegment.copy(v, 0, c, JAVA_FLOAT, 0, v.length);
        dim.set(JAVA_LONG, 0, v.length);
        Native.setPointer(o, c);
        return OK;
    }

    static int getType(long db, MemorySegment key, MemorySegment outType) {
        MemorySegment o = Native.out(outType, 4, "out_type");
        String k = key(key);
        Optional<Atom> a = Handles.database(db).get(k);
        if (a.isEmpty()) {
            throw new KeyNotFoundException("key '" + k + "' not found");
        }
        o.set(JAVA_INT, 0, a.get().type().tag());
        return OK;
    }

    static int delete(long db, MemorySegment key, MemorySegment outExisted) {
        boolean existed = Handles.database(db).delete(key(key));
        if (!Native.isNull(outExisted)) {
            outExisted.reinterpret(4).set(JAVA_INT, 0, existed ? 1 : 0);
        }
        return OK;
    }

    static int exists(long db, MemorySegment key, MemorySegment out) {
        MemorySegment o = Native.out(out, 4, "out");
        o.set(JAVA_INT, 0, Handles.database(db).exists(key(key)) ? 1 : 0);
        return OK;
    }

    static int keys(long db, MemorySegment prefix, MemorySegment outKeys, MemorySegment outCount) {
        MemorySegment o = Native.out(outKeys, 8, "out_keys");
        MemorySegment n = Native.out(outCount, 8, "out_count");
        Database d = Handles.database(db);
        String p = Native.stringOr(prefix, "prefix", "");
        List<String> keys = p.isEmpty() ? d.keys() : d.keys(p);
        MemorySegment block = Native.stringArray(keys);
        n.set(JAVA_LONG, 0, keys.size());
        Native.setPointer(o, block);
        return OK;
    }

    static int getHistoryTensor(long db, MemorySegment key, MemorySegment outValues, MemorySegment outLen) {
        MemorySegment o = Native.out(outValues, 8, "out_values");
        MemorySegment len = Native.out(outLen, 8, "out_len");
        try (MallocArena arena = new MallocArena()) {
            MemorySegment values = Handles.database(db).historyAsSegment(key(key), arena);
            // An empty history hands nothing over; C sees NULL and length 0.
            len.set(JAVA_LONG, 0, values.byteSize() / 8);
            Native.setPointer(o, values.byteSize() == 0 ? MemorySegment.NULL : arena.handOver(values));
            return OK;
        }
    }

    static int getHistory(long db, MemorySegment key, MemorySegment outTimes, MemorySegment outValues,
            MemorySegment outLen) {
        MemorySegment t = Native.out(outTimes, 8, "out_times_us");
        MemorySegment v = Native.out(outValues, 8, "out_values");
        MemorySegment len = Native.out(outLen, 8, "out_len");
        TimeSeries s = Handles.database(db).series(key(key), HistoryQuery.all());
        long[] times = s.timesMicros();
        double[] values = s.values();
        MemorySegment ct = copy(times);
        MemorySegment cv = MemorySegment.NULL;
        try {
            if (values.length > 0) {
                cv = Native.malloc(values.length * 8L);
                MemorySegment.copy(values, 0, cv, JAVA_DOUBLE, 0, values.length);
            }
        } catch (RuntimeException e) {
            if (!Native.isNull(ct)) {
                Native.free(ct);
            }
            throw e;
        }
        len.set(JAVA_LONG, 0, values.length);
        t.set(ADDRESS, 0, ct);
        v.set(ADDRESS, 0, cv);
        return OK;
    }

    static int getHistoryInts(long db, MemorySegment key, MemorySegment outTimes, MemorySegment outValues,
            MemorySegment outLen) {
        MemorySegment t = Native.out(outTimes, 8, "out_times_us");
        MemorySegment v = Native.out(outValues, 8, "out_values");
        MemorySegment len = Native.out(outLen, 8, "out_len");
        Database d = Handles.database(db);
        String k = key(key);
        // One consistent view: times and values from the same entries list.
        List<syna.api.HistoryEntry> entries = d.history(k);
        long[] times = new long[entries.size()];
        long[] values = new long[entries.size()];
        int n = 0;
        for (syna.api.HistoryEntry e : entries) {
            if (e.value() instanceof Atom.Int64 i) {
                times[n] = e.timestampMicros();
                values[n++] = i.value();
            } else if (!(e.value() instanceof Atom.Null)) {
                throw new syna.api.TypeMismatchException("history of key '" + k + "' holds a "
                        + e.value().type() + " value, not INT64");
            }
        }
        MemorySegment ct = copy(java.util.Arrays.copyOf(times, n));
        MemorySegment cv;
        try {
            cv = copy(java.util.Arrays.copyOf(values, n));
        } catch (RuntimeException e) {
            if (!Native.isNull(ct)) {
                Native.free(ct);
            }
            throw e;
        }
        len.set(JAVA_LONG, 0, n);
        t.set(ADDRESS, 0, ct);
        v.set(ADDRESS, 0, cv);
        return OK;
    }

    private static MemorySegment copy(long[] a) {
        if (a.length == 0) {
            return MemorySegment.NULL;
        }
        MemorySegment c = Native.malloc(a.length * 8L);
        MemorySegment.copy(a, 0, c, JAVA_LONG, 0, a.length);
        return c;
    }

    static int compact(long db) {
        Handles.database(db).compact();
        return OK;
    }

    static int sync(long db) {
        Handles.database(db).sync();
        return OK;
    }

    static int verify(long db, MemorySegment outProblems, MemorySegment outReport) {
        MemorySegment p = Native.out(outProblems, 8, "out_problems");
        VerifyReport r = Handles.database(db).verify();
        if (!Native.isNull(outReport)) {
            Native.setPointer(outReport.reinterpret(8), Native.cString(Json.verifyReport(r)));
        }
        p.set(JAVA_LONG, 0, r.problems().size());
        return OK;
    }
}
