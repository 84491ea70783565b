package syna.studio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JsonGenerator;

/**
 * The maintenance API: start a job (token required), list jobs, read one, follow one as server-sent
 * events ({@code progress} while it runs, then one {@code done} or {@code failed}), and download an
 * export's file. Thread-safe (stateless).
 */
final class JobsApi {
    /** How often a running job's stream sends an event even without progress (elapsed time). */
    static final long HEARTBEAT_MILLIS = 500;

    private JobsApi() {}

    static void register(Router r, StudioContext c) {
        r.post("/api/jobs", x -> {
            Job j = c.jobs().submit(x.required("kind"), x.body());
            x.json(202, Json.bytes(g -> write(g, j.snapshot())));
        });
        r.get("/api/jobs", x -> x.json(g -> {
            g.writeStartObject();
            g.writeArrayPropertyStart("items");
            for (Job j : c.jobs().all().reversed()) {
                write(g, j.snapshot());
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
        r.get("/api/jobs/{id}", x -> x.json(g -> write(g, c.jobs().get(x.path("id")).snapshot())));
        r.get("/api/jobs/{id}/events", x -> events(x, c.jobs().get(x.path("id"))));
        r.get("/api/jobs/{id}/download", x -> download(x, c.jobs().get(x.path("id"))));
    }

    static void write(JsonGenerator g, Job.Snapshot s) {
        g.writeStartObject();
        g.writeStringProperty("id", s.id());
        g.writeStringProperty("kind", s.kind());
        g.writeStringProperty("state", s.state().name());
        g.writeStringProperty("started", s.started().toString());
        g.writeNumberProperty("elapsedMillis", s.elapsedMillis());
        g.writeNumberProperty("done", s.done());
        g.writeNumberProperty("total", s.total());
        g.writeStringProperty("message", s.message());
        if (s.errorCode() != null) {
            g.writeStringProperty("code", s.errorCode());
        }
        if (s.result() != null) {
            g.writeName("result");
            g.writeRawValue(new String(s.result(), StandardCharsets.UTF_8));
        }
        g.writeEndObject();
    }

    private static void events(Exchange x, Job job) throws IOException {
        var http = x.http();
        http.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.sendResponseHeaders(200, 0); // chunked: events as they come
        OutputStream out = http.getResponseBody();
        long seen = -1;
        try {
            while (true) {
                Job.Snapshot s = job.awaitChange(seen, HEARTBEAT_MILLIS);
                seen = s.version();
                boolean end = s.state() == Job.State.DONE || s.state() == Job.State.FAILED;
                String event = s.state() == Job.State.DONE ? "done" : s.state() == Job.State.FAILED ? "failed" : "progress";
                byte[] data = Json.bytes(g -> write(g, s));
                out.write(("event: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8));
                out.write(data);
                out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (end) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the Studio is closing
        } finally {
            out.close();
        }
    }

    private static void download(Exchange x, Job job) throws IOException {
        Path f = job.file();
        if (f == null || !Files.exists(f)) {
            throw ApiException.notFound("job " + job.id() + " has no file to download (only a finished export has one)");
        }
        var http = x.http();
        http.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        http.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"syna-export-" + job.id() + ".jsonl\"");
        http.sendResponseHeaders(200, Files.size(f));
        try (InputStream in = Files.newInputStream(f); OutputStream out = http.getResponseBody()) {
            in.transferTo(out);
        }
    }
}
