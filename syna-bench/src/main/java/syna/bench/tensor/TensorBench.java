package syna.bench.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tensor.Batch;
import syna.tensor.BatchIterator;
import syna.tensor.BatchOptions;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;
import syna.tensor.TensorReader;
import syna.tensor.TensorWriter;

/**
 * The tensor engine side by side with what a user would do instead, in one JVM and one run:
 * <ol>
 *   <li>a 1 GiB f32 tensor written through a {@link TensorWriter} vs the same bytes written to a
 *       plain file (both made durable once at the end), and read back streaming (chunk by chunk,
 *       heap allocation measured) and whole ({@code get}) vs a memory-mapped read of that file; every
 *       reader consumes the bytes (an XOR over longs) so none skips work;</li>
 *   <li>{@code putAll} of N rows x D f32 and {@code get("train/*")} back, vs writing and reading
 *       the same rows as one {@code .npy} file, vs the original system's layout (one log entry per
 *       element, keyed prefix + 8-digit index: implemented here only, as the yardstick, on a
 *       subset of the rows since it is three orders of magnitude slower);</li>
 *   <li>shuffled batches of 256 rows of an N x D f32 tensor with i64 labels: the engine's own
 *       batch iterator, and the DJL dataset with DJL's PyTorch engine when {@code syna.djl} and the
 *       engine are on the class path (bench/tensor.sh puts them there).</li>
 * </ol>
 * Run with {@code bench/tensor.sh} under the bench lock. Not thread-safe; one per run.
 */
public final class TensorBench {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Results no check uses, kept so the JIT cannot drop the work. */
    private static volatile long blackhole;

    private final Path dir;
    private final long bytes;
    private final int rows;
    private final int dim;
    private final int yardstickRows;
    private final int repeats;
    private final List<String> lines = new ArrayList<>();

    private TensorBench(Path dir, long bytes, int rows, int dim, int yardstickRows, int repeats) {
        this.dir = dir;
        this.bytes = bytes;
        this.rows = rows;
        this.dim = dim;
        this.yardstickRows = yardstickRows;
        this.repeats = repeats;
    }

    /** {@code --dir D --mib 1024 --rows 1000000 --dim 768 --yardstick-rows 2000 --repeats 3 --skip-djl}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("bench-results", "tensor-data");
        long mib = 1024;
        int rows = 1_000_000;
        int dim = 768;
        int yard = 2000;
        int repeats = 3;
        boolean djl = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                case "--yardstick-rows" -> yard = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--skip-djl" -> djl = false;
                default -> {
                    System.err.println("usage: TensorBench [--dir D] [--mib 1024] [--rows 1000000] [--dim 768] "
                            + "[--yardstick-rows 2000] [--repeats 3] [--skip-djl]");
                    System.exit(2);
                }
            }
        }
        TensorBench b = new TensorBench(dir, mib << 20, rows, dim, Math.min(yard, rows), repeats);
        b.say("# tensor bench: " + mib + " MiB tensor, " + rows + " x " + dim + " f32 rows, JDK "
                + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cpus, commit "
                + System.getProperty("syna.bench.commit", "unknown"));
        b.say("# load at start: " + loadAverage());
        try {
            b.bigTensor();
            b.rowsVsNpy();
            b.batches(djl);
        } finally {
            deleteTree(dir);
        }
        b.say("# load at end: " + loadAverage());
    }

    private void say(String s) {
        System.out.println(s);
        System.out.flush();
        lines.add(s);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double gbps(long bytes, long nanos) {
        return bytes / (double) nanos;
    }

    private static long xor(MemorySegment s) {
        long x = 0;
        long n = s.byteSize() & ~7L;
        for (long i = 0; i < n; i += 8) {
            x ^= s.get(LONG, i);
        }
        return x;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    // ---- 1. one big tensor -----------------------------------------------------------------------

    private void bigTensor() throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path raw = dir.resolve("raw.bin");
        Path dbDir = dir.resolve("db-big");
        say("");
        say("## 1. one " + (bytes >> 20) + " MiB f32 tensor (best of " + repeats + ", GB/s; ratio = Syna / peer)");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(bytes, 64);
            SplittableRandom r = new SplittableRandom(42);
            for (long i = 0; i < bytes; i += 8) {
                data.set(LONG, i, r.nextLong());
            }
            long expect = xor(data);
            Shape shape = Shape.of(bytes / 4);
            long rawWrite = Long.MAX_VALUE;
            long synaWrite = Long.MAX_VALUE;
            for (int k = 0; k < repeats; k++) {
                Files.deleteIfExists(raw);
                long t = System.nanoTime();
                try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    for (long at = 0; at < bytes; at += 4 << 20) {
                        ByteBuffer b = data.asSlice(at, Math.min(4 << 20, bytes - at)).asByteBuffer();
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                    }
                    ch.force(false);
                }
                rawWrite = Math.min(rawWrite, System.nanoTime() - t);
                deleteTree(dbDir);
                try (Database db = Syna.builder(dbDir).durability(Durability.NONE).open()) {
                    TensorEngine e = TensorEngine.open(db);
                    t = System.nanoTime();
                    try (TensorWriter w = e.writer("big", DType.F32, shape)) {
                        for (long at = 0; at < bytes; at += 4 << 20) { // 4 MiB pieces, as a stream would give them
                            w.write(data.asSlice(at, Math.min(4 << 20, bytes - at)));
                        }
                        w.commit();
                    }
                    db.sync();
                    synaWrite = Math.min(synaWrite, System.nanoTime() - t);
                }
            }
            say(String.format(Locale.ROOT, "write     raw file + fsync %6.2f   Syna writer + sync %6.2f   ratio %.2f",
                    gbps(bytes, rawWrite), gbps(bytes, synaWrite), (double) rawWrite / synaWrite));

            try (Database db = Syna.builder(dbDir).readOnly(true).open()) {
                TensorEngine e = TensorEngine.open(db);
                long mmap = Long.MAX_VALUE;
                long stream = Long.MAX_VALUE;
                long whole = Long.MAX_VALUE;
                long streamHeap = Long.MAX_VALUE;
                long logMap = Long.MAX_VALUE;
                Path log = dbDir.resolve("data.log"); // the log engine's file name
                for (int k = 0; k < repeats + 1; k++) { // the first round warms the page cache and the JIT
                    long t = System.nanoTime();
                    long x;
                    try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ); Arena m = Arena.ofConfined()) {
                        x = xor(ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, m));
                    }
                    long tm = System.nanoTime() - t;
                    check(x, expect, "mmap");
                    // the same measure over the first bytes of Syna's own log, which holds the chunks: what
                    // the page cache gives for that file's pages (written record by record, not in 4 MiB
                    // aligned writes); its XOR differs (record headers), so it is not checked
                    t = System.nanoTime();
                    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ); Arena m = Arena.ofConfined()) {
                        blackhole ^= xor(ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(bytes, ch.size()), m));
                    }
                    long tl = System.nanoTime() - t;
                    long heap0 = allocated();
                    t = System.nanoTime();
                    x = 0;
                    try (TensorReader rd = e.reader("big")) {
                        for (MemorySegment piece; (piece = rd.next()) != null; ) {
                            x ^= xor(piece);
                        }
                    }
                    long ts = System.nanoTime() - t;
                    long heap = allocated() - heap0;
                    check(x, expect, "stream");
                    t = System.nanoTime();
                    try (Tensor all = e.get("big")) {
                        x = xor(all.segment());
                    }
                    long tw = System.nanoTime() - t;
                    check(x, expect, "get");
                    if (k > 0) {
                        mmap = Math.min(mmap, tm);
                        stream = Math.min(stream, ts);
                        whole = Math.min(whole, tw);
                        streamHeap = Math.min(streamHeap, heap);
                        logMap = Math.min(logMap, tl);
                    }
                }
                say(String.format(Locale.ROOT, "read      mmap of the file   %6.2f   Syna stream        %6.2f   ratio %.2f"
                        + "   (heap allocated by the stream: %d KiB)", gbps(bytes, mmap), gbps(bytes, stream),
                        (double) mmap / stream, streamHeap >> 10));
                say(String.format(Locale.ROOT, "read      mmap of the file   %6.2f   Syna get (whole)   %6.2f   ratio %.2f",
                        gbps(bytes, mmap), gbps(bytes, whole), (double) mmap / whole));
                say(String.format(Locale.ROOT, "          (the same mapped read of Syna's log file: %.2f GB/s, %.2f of the plain file)",
                        gbps(bytes, logMap), (double) mmap / logMap));
            }
        } finally {
            Files.deleteIfExists(raw);
            deleteTree(dbDir);
        }
    }

    private static void check(long got, long want, String what) {
        if (got != want) {
            throw new IllegalStateException(what + " read other bytes: xor " + got + " != " + want);
        }
    }

    // ---- 2. rows: putAll / get vs .npy vs the original layout ---------------------------------------

    /** Rows generated per block: the bench never holds all N rows of input on or off the heap. */
    private static final int BLOCK = 10_000;

    /** Rows {@code [from, from + n)} (a function of the row index) into {@code seg}; returns their XOR. */
    private long rowsBlock(MemorySegment seg, long from, int n) {
        for (int r = 0; r < n; r++) {
            SplittableRandom g = new SplittableRandom(from + r);
            long base = (long) r * dim * 4;
            for (int c = 0; c < dim; c++) {
                seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, base + 4L * c, (float) g.nextGaussian());
            }
        }
        return xor(seg.asSlice(0, (long) n * dim * 4));
    }

    /** Calls {@code sink} with each block of generated rows, in order; returns the XOR of all. */
    private long eachBlock(java.util.function.BiConsumer<Long, Tensor> sink) {
        long x = 0;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate((long) BLOCK * dim * 4, 64);
            for (long from = 0; from < rows; from += BLOCK) {
                int n = (int) Math.min(BLOCK, rows - from);
                x ^= rowsBlock(seg, from, n);
                sink.accept(from, Tensor.wrap(DType.F32, Shape.of(n, dim), seg));
            }
        }
        return x;
    }

    private void rowsVsNpy() throws IOException {
        say("");
        say("## 2. " + rows + " rows x " + dim + " f32: putAll + get(\"train/*\") vs one .npy file vs the original's "
                + "one-entry-per-element layout (rows/s)");
        Path dbDir = dir.resolve("db-rows");
        Path npy = dir.resolve("train.npy");
        long rowBytes = (long) dim * 4;
        long total = rows * rowBytes;
        {
            deleteTree(dbDir);
            long put;
            long get;
            long expect;
            long npyWrite;
            long npyRead;
            try (Database db = Syna.builder(dbDir).durability(Durability.NONE).open()) {
                TensorEngine e = TensorEngine.open(db);
                long s = System.nanoTime();
                expect = eachBlock((from, block) -> e.putAll("train/", block, from));
                db.sync();
                put = System.nanoTime() - s;
                s = System.nanoTime();
                try (Tensor back = e.get("train/*")) {
                    get = System.nanoTime() - s;
                    check(xor(back.segment()), expect, "get train/*");
                    // the peer: the same rows as one .npy file, written from memory and read back into memory
                    Files.deleteIfExists(npy);
                    s = System.nanoTime();
                    try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(npyHeader(rows, dim)));
                        for (long at = 0; at < total; at += 4 << 20) {
                            ByteBuffer b = back.segment().asSlice(at, Math.min(4 << 20, total - at)).asByteBuffer();
                            while (b.hasRemaining()) {
                                ch.write(b);
                            }
                        }
                        ch.force(false);
                    }
                    npyWrite = System.nanoTime() - s;
                }
                s = System.nanoTime();
                try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ); Arena a = Arena.ofConfined()) {
                    long hdr = ch.size() - total;
                    MemorySegment into = a.allocate(total, 64);
                    for (long at = 0; at < total; ) {
                        ByteBuffer b = into.asSlice(at, Math.min(4 << 20, total - at)).asByteBuffer();
                        while (b.hasRemaining()) {
                            at += ch.read(b, hdr + at);
                        }
                    }
                    npyRead = System.nanoTime() - s;
                    check(xor(into), expect, ".npy read");
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                say(String.format(Locale.ROOT, "(heap in use after putAll + get: %d MiB: the log engine caches each "
                        + "key's latest value up to 4 KiB on the heap, and a %d-byte row is under that)", heap >> 20,
                        rowBytes + 24 + 8));
            }
            Files.deleteIfExists(npy);
            deleteTree(dbDir);
            Tensor t;
            Arena tArena = Arena.ofConfined();
            MemorySegment first = tArena.allocate((long) Math.max(1, yardstickRows) * dim * 4, 64);
            rowsBlock(first, 0, yardstickRows);
            t = Tensor.wrap(DType.F32, Shape.of(yardstickRows, dim), first);

            // the yardstick: one log entry per element, on a subset
            long yPut;
            long yGet;
            Path yDir = dir.resolve("db-yardstick");
            try (Database db = Syna.builder(yDir).durability(Durability.NONE).open()) {
                MemorySegment seg = t.segment();
                long s2 = System.nanoTime();
                long n = (long) yardstickRows * dim;
                for (long i = 0; i < n; i++) {
                    db.putFloat("train/" + String.format("%08d", i), seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4));
                }
                db.sync();
                yPut = System.nanoTime() - s2;
                s2 = System.nanoTime();
                List<String> keys = new ArrayList<>(db.keys("train/"));
                keys.sort(Comparator.naturalOrder());
                float[] back = new float[keys.size()];
                for (int i = 0; i < back.length; i++) {
                    back[i] = (float) db.getFloat(keys.get(i));
                }
                yGet = System.nanoTime() - s2;
                if (back.length != n || Float.floatToRawIntBits(back[back.length - 1])
                        != Float.floatToRawIntBits(seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, (n - 1) * 4))) {
                    throw new IllegalStateException("yardstick read other values");
                }
            } finally {
                deleteTree(yDir);
                tArena.close();
            }
            double pr = rows / (put / 1e9);
            double gr = rows / (get / 1e9);
            double nw = rows / (npyWrite / 1e9);
            double nr = rows / (npyRead / 1e9);
            double yw = yardstickRows / (yPut / 1e9);
            double yr = yardstickRows / (yGet / 1e9);
            say(String.format(Locale.ROOT, "write  Syna putAll %10.0f   .npy file %10.0f   original layout %8.0f"
                    + "   Syna/.npy %.2f   Syna/original %.0fx", pr, nw, yw, pr / nw, pr / yw));
            say(String.format(Locale.ROOT, "read   Syna get    %10.0f   .npy file %10.0f   original layout %8.0f"
                    + "   Syna/.npy %.2f   Syna/original %.0fx", gr, nr, yr, gr / nr, gr / yr));
            say("       (original layout measured on the first " + yardstickRows + " rows = "
                    + ((long) yardstickRows * dim) + " entries, Durability.NONE, individual putFloat/getFloat)");
        }
    }

    static byte[] npyHeader(long rows, int dim) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + dim + "), }";
        dict += " ".repeat(Math.max(0, 21 - Long.toString(rows).length()));
        int hlen = dict.length() + 1;
        int pad = 64 - ((6 + 2 + 2 + hlen) % 64);
        ByteBuffer b = ByteBuffer.allocate(10 + hlen + pad).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (hlen + pad));
        b.put(dict.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    // ---- 3. batches ----------------------------------------------------------------------------------

    private void batches(boolean djl) throws IOException {
        say("");
        say("## 3. shuffled batches of 256 rows of " + rows + " x " + dim + " f32 + i64 labels (MB/s of features)");
        Path dbDir = dir.resolve("db-batches");
        deleteTree(dbDir);
        long featureBytes = (long) rows * dim * 4;
        try (Database db = Syna.builder(dbDir).durability(Durability.NONE).open()) {
            TensorEngine e = TensorEngine.open(db);
            try (TensorWriter w = e.writer("x", DType.F32, Shape.of(rows, dim))) {
                eachBlock((from, block) -> w.write(block.segment()));
                w.commit();
            }
            long[] y = new long[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = i;
            }
            e.put("y", Tensor.ofLongs(y));
            for (long budget : new long[] {featureBytes + 8L * rows, 256L << 20}) {
                BatchOptions o = BatchOptions.builder("x").labels("y").batchSize(256).shuffle(1).prefetch(4)
                        .shuffleBufferBytes(budget).build();
                long s = System.nanoTime();
                long seen = 0;
                boolean uniform;
                try (BatchIterator it = e.batches(o)) {
                    uniform = it.uniformShuffle();
                    while (it.hasNext()) {
                        try (Batch b = it.next()) {
                            seen += b.rows();
                        }
                    }
                }
                long ns = System.nanoTime() - s;
                if (seen != rows) {
                    throw new IllegalStateException("batches saw " + seen + " rows");
                }
                say(String.format(Locale.ROOT, "Syna batches (%s, buffer %d MiB, load included): %.0f MB/s",
                        uniform ? "uniform shuffle" : "block shuffle", budget >> 20, featureBytes / (ns / 1e3)));
            }
            if (djl) {
                try {
                    Class<?> c = Class.forName("syna.bench.tensor.DjlStream");
                    String r = (String) c.getMethod("run", TensorEngine.class, long.class).invoke(null, e, featureBytes);
                    say(r);
                } catch (ClassNotFoundException | NoClassDefFoundError ex) {
                    say("DJL dataset: skipped (syna.djl or DJL's PyTorch engine not on the class path: " + ex + ")");
                } catch (ReflectiveOperationException ex) {
                    say("DJL dataset: failed: " + (ex.getCause() == null ? ex : ex.getCause()));
                }
            }
        } finally {
            deleteTree(dbDir);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
