package syna.studio.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import syna.api.Atom;
import syna.api.CompactionResult;
import syna.api.HistoryRetention;
import syna.api.KeySpace;
import syna.api.SynaException;
import syna.api.VerifyReport;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The maintenance jobs of one Studio, run one at a time on one background thread (they read or rewrite
 * the whole database): verify, compact with a history retention, and export to a JSON-lines file in the
 * format {@code syna import} reads. The last {@value #KEEP} jobs are kept for the page. Thread-safe.
 */
final class Jobs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());
    static final int KEEP = 50;
    private static final JsonFactory FACTORY = new JsonFactory();

    private final StudioContext c;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "syna-studio-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private Path scratch;

    Jobs(StudioContext c) {
        this.c = c;
    }

    synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("syna-studio-");
        }
        return scratch;
    }

    synchronized void deleteScratch() throws IOException {
        if (scratch == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        scratch = null;
    }

    synchronized Job get(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw ApiException.notFound("no job '" + id + "'");
        }
        return j;
    }

    synchronized List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    /** Queues a job of {@code kind} with its parameters; 400 for an unknown kind or bad parameter. */
    Job submit(String kind, Map<String, String> params) {
        Runnable body;
        Job job = new Job(Long.toString(ids.incrementAndGet()), kind);
        switch (kind) {
            case "verify" -> body = () -> verify(job);
            case "compact" -> {
                HistoryRetention r = retention(params.getOrDefault("keepLast", "all"));
                body = () -> compact(job, r);
            }
            case "export" -> {
                boolean namespaces = Boolean.parseBoolean(params.getOrDefault("namespaces", "false"));
                body = () -> export(job, namespaces);
            }
            default -> throw ApiException.badRequest("unknown job kind '" + kind + "' (verify, compact, export)");
        }
        synchronized (this) {
            jobs.put(job.id(), job);
            while (jobs.size() > KEEP) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        worker.execute(() -> run(job, body));
        return job;
    }

    private static HistoryRetention retention(String keepLast) {
        if (keepLast.equals("all")) {
            return HistoryRetention.all();
        }
        try {
            int n = Integer.parseInt(keepLast);
            if (n < 1) {
                throw ApiException.badRequest("keepLast must be 'all' or >= 1, got " + n);
            }
            return HistoryRetention.lastN(n);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("keepLast must be 'all' or a number, got '" + keepLast + "'");
        }
    }

    private void run(Job job, Runnable body) {
        job.running(job.kind() + " running");
        try {
            body.run();
        } catch (SynaException e) {
            job.failed(e.errorCode().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Studio job " + job.kind() + " failed", e);
            job.failed("INTERNAL", "internal error (" + e.getClass().getSimpleName() + "); the Studio's log has the details");
        }
    }

    private void verify(Job job) {
        VerifyReport r = c.db().verify((phase, done, total) -> job.progress(done, total, phase));
        byte[] json = Json.bytes(g -> {
            g.writeStartObject();
            g.writeBooleanProperty("ok", r.ok());
            g.writeNumberProperty("bytesChecked", r.bytesChecked());
            g.writeNumberProperty("entriesChecked", r.entriesChecked());
            g.writeArrayPropertyStart("files");
            for (Path f : r.files()) {
                g.writeString(f.toString());
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("problems");
            for (VerifyReport.Problem p : r.problems()) {
                g.writeStartObject();
                g.writeStringProperty("file", p.file().toString());
                g.writeNumberProperty("offset", p.offset());
                g.writeStringProperty("description", p.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("tornTails");
            for (VerifyReport.TornTail t : r.tornTails()) {
                g.writeStartObject();
                g.writeStringProperty("file", t.file().toString());
                g.writeNumberProperty("offset", t.offset());
                g.writeNumberProperty("bytes", t.bytes());
                g.writeBooleanProperty("cut", t.cut());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        job.succeeded(json, r.ok() ? "verify passed: " + r.entriesChecked() + " entries, " + r.bytesChecked() + " bytes"
                : "verify found " + r.problems().size() + " problem(s) and " + r.tornTails().size() + " torn tail(s)", null);
    }

    private void compact(Job job, HistoryRetention retention) {
        job.progress(0, -1, "compacting with retention " + retention);
        CompactionResult r = c.db().compact(retention, (phase, done, total) -> job.progress(done, total,
                phase + " (retention " + retention + ")"));
        byte[] json = Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberProperty("entriesBefore", r.entriesBefore());
            g.writeNumberProperty("entriesAfter", r.entriesAfter());
            g.writeNumberProperty("bytesBefore", r.bytesBefore());
            g.writeNumberProperty("bytesAfter", r.bytesAfter());
            g.writeStringProperty("retention", r.retention().toString());
            g.writeEndObject();
        });
        job.succeeded(json, "compacted: " + r.bytesBefore() + " -> " + r.bytesAfter() + " bytes", null);
    }

    private void export(Job job, boolean namespaces) {
        Path out;
        try {
            out = scratch().resolve("export-" + job.id() + ".jsonl");
        } catch (IOException e) {
            throw new syna.api.SynaIOException("cannot create the export file: " + e.getMessage(), e);
        }
        List<String> spaces = new ArrayList<>();
        spaces.add("");
        if (namespaces) {
            spaces.addAll(c.db().namespaces());
        }
        long total = 0;
        for (String ns : spaces) {
            total += c.keySpace(ns).size();
        }
        long done = 0;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            for (String ns : spaces) {
                KeySpace ks = c.keySpace(ns);
                for (String key : ks.keys()) {
                    var v = ks.get(key);
                    if (v.isEmpty()) {
                        continue; // deleted since keys() listed it
                    }
                    try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), new NonClosing(os), JsonEncoding.UTF8)) {
                        line(g, ns, key, v.get());
                    }
                    os.write('\n');
                    if (++done % 5_000 == 0) {
                        job.progress(done, total, "exported " + done + " of " + total + " keys");
                    }
                }
            }
        } catch (IOException e) {
            throw new syna.api.SynaIOException("cannot write the export file " + out + ": " + e.getMessage(), e);
        }
        long doneFinal = done;
        long bytes;
        try {
            bytes = Files.size(out);
        } catch (IOException e) {
            bytes = -1;
        }
        long bytesFinal = bytes;
        job.progress(done, total, "exported " + done + " keys");
        job.succeeded(Json.bytes(g -> {
            g.writeStartObject();
            g.writeNumberProperty("keys", doneFinal);
            g.writeNumberProperty("bytes", bytesFinal);
            g.writeStringProperty("download", "/api/jobs/" + job.id() + "/download");
            g.writeEndObject();
        }), "exported " + done + " keys (" + bytes + " bytes)", out);
    }

    /** One line of the export format of {@code syna export} / {@code syna import} (docs/cli.md). */
    static void line(JsonGenerator g, String ns, String key, Atom value) {
        g.writeStartObject();
        if (!ns.isEmpty()) {
            g.writeStringProperty("namespace", ns);
        }
        g.writeStringProperty("key", key);
        g.writeStringProperty("type", Values.typeName(value));
        switch (value) {
            case Atom.Null n -> { }
            case Atom.Float64 f -> {
                g.writeName("value");
                exportDouble(g, f.value());
            }
            case Atom.Int64 i -> g.writeNumberProperty("value", i.value());
            case Atom.Text t -> g.writeStringProperty("value", t.value());
            case Atom.Bytes b -> g.writeStringProperty("value", Base64.getEncoder().encodeToString(b.value()));
            case Atom.Vector v -> {
                g.writeArrayPropertyStart("value");
                for (float f : v.value()) {
                    if (Float.isNaN(f)) {
                        int bits = Float.floatToRawIntBits(f);
                        g.writeString(bits == Float.floatToRawIntBits(Float.NaN) ? "NaN" : "NaN:0x" + Integer.toHexString(bits));
                    } else if (Float.isInfinite(f)) {
                        g.writeString(f > 0 ? "Infinity" : "-Infinity");
                    } else {
                        g.writeNumber(f);
                    }
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void exportDouble(JsonGenerator g, double d) {
        if (Double.isNaN(d)) {
            long bits = Double.doubleToRawLongBits(d);
            g.writeString(bits == Double.doubleToRawLongBits(Double.NaN) ? "NaN" : "NaN:0x" + Long.toHexString(bits));
        } else if (Double.isInfinite(d)) {
            g.writeString(d > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(d);
        }
    }

    /** Keeps the export file open while each line's generator closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            // the buffered file stream below flushes when it fills and when the export ends
        }

        @Override
        public void close() {
            // the export's own try-with-resources closes the file
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
