package syna.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.InvalidArgumentException;
import syna.api.SynaIOException;
import syna.mlops.ModelRegistry;
import syna.mlops.Stage;
import syna.tests.Seeded;
import syna.tests.TestSeed;

/** The JSON API over a seeded database, through java.net.http: pages, searches, typed errors, token, jobs. */
@Seeded
class StudioApiTest {
    @TempDir
    static Path dir;

    static Database db;
    static Studio studio;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(TestSeed seed) {
        db = StudioFixture.seed(dir.resolve("db"), seed.value());
        studio = Studio.start(db, StudioOptions.defaults());
    }

    @AfterAll
    static void stop() {
        studio.close();
        studio.close(); // idempotent
        db.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(studio.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(studio.baseUri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Syna-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return r.body();
    }

    static void error(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"code\":\"" + code + "\",\"message\":\""), r.body());
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception:"), "no stack trace: " + r.body());
    }

    @Test
    void bindsLoopbackWithARandomToken() {
        assertEquals("127.0.0.1", studio.baseUri().getHost());
        assertEquals(32, studio.token().length());
        assertTrue(studio.uri().toString().endsWith("?token=" + studio.token()));
        assertThrows(InvalidArgumentException.class, () -> Studio.start(null, StudioOptions.defaults()));
        assertThrows(InvalidArgumentException.class, () -> StudioOptions.builder().port(70_000).build());
        assertThrows(InvalidArgumentException.class, () -> StudioOptions.builder().bind("no.such.host.invalid").build());
        assertEquals("StudioOptions[bind=127.0.0.1, port=0, maxPcaPoints=5000]", StudioOptions.defaults().toString());
        // the port in use: a typed error, not a BindException
        assertThrows(SynaIOException.class, () -> Studio.start(db, StudioOptions.builder().port(studio.port()).build()));
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItself() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<script src=\"/app.js\""));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"));
        assertEquals(200, get("/lib/echarts.min.js").statusCode());
        assertEquals(404, get("/nope.js").statusCode());
        assertEquals(404, get("/../module-info.class").statusCode());
    }

    @Test
    void listsKeysByPrefixGlobAndType() throws Exception {
        String body = ok(get("/api/keys?q=user:00&limit=5"));
        assertTrue(body.startsWith("{\"matched\":100,"), body);
        assertTrue(body.contains("\"next\":5,"), body);
        assertTrue(body.contains("{\"key\":\"user:0001\",\"type\":\"text\",\"summary\":\"renamed once\"}"), body);
        String page2 = ok(get("/api/keys?q=user:00&limit=5&offset=95"));
        assertTrue(page2.contains("\"next\":null") && page2.contains("user:0099"), page2);
        String glob = ok(get("/api/keys?mode=glob&q=" + enc("*:cpu")));
        assertTrue(glob.contains("\"matched\":1,") && glob.contains("metrics:cpu"), glob);
        String typed = ok(get("/api/keys?type=float64"));
        assertTrue(typed.contains("\"key\":\"metrics:cpu\"") && !typed.contains("user:"), typed);
        assertFalse(ok(get("/api/keys?limit=1000")).contains("\"gone\""), "deleted keys are not listed");
        // namespaces are listed apart: the vector store and mlops keys are not user keys
        String ns = ok(get("/api/namespaces"));
        assertTrue(ns.contains("\"userKeys\":" + db.size()), ns);
        assertTrue(ns.contains("mlops."), ns);
        error(get("/api/keys?type=blob"), 400, "BAD_REQUEST");
        error(get("/api/keys?limit=0"), 400, "BAD_REQUEST");
        error(get("/api/keys?mode=regex"), 400, "BAD_REQUEST");
        error(get("/api/keys?ns=missing"), 404, "NOT_FOUND");
    }

    @Test
    void showsEachTypeOfValue() throws Exception {
        assertTrue(ok(get("/api/key?key=counter")).contains("\"type\":\"int64\",\"value\":40,\"exact\":\"40\""));
        assertTrue(ok(get("/api/key?key=embedding:one")).contains("\"dimension\":4,\"truncated\":false,\"value\":[0.5,-1.0,2.0,0.25]"));
        String blob = ok(get("/api/key?key=blob"));
        assertTrue(blob.contains("\"length\":2000"), blob);
        String window = ok(get("/api/bytes?key=blob&offset=1990&length=64"));
        assertTrue(window.contains("\"length\":2000,\"offset\":1990"), window);
        String b64 = window.replaceAll(".*\"base64\":\"([^\"]*)\".*", "$1");
        byte[] got = Base64.getDecoder().decode(b64);
        assertEquals(10, got.length);
        assertEquals((byte) 1990, got[0]);
        error(get("/api/bytes?key=blob&offset=5000"), 400, "BAD_REQUEST");
        error(get("/api/bytes?key=counter"), 400, "TYPE_MISMATCH");
        error(get("/api/key?key=nope"), 404, "KEY_NOT_FOUND");
        error(get("/api/key"), 400, "BAD_REQUEST");
    }

    @Test
    void pagesHistoryNewestFirstAndDownsamplesSeries() throws Exception {
        String h = ok(get("/api/history?key=counter&limit=2"));
        assertTrue(h.contains("\"total\":5"), h);
        assertTrue(h.indexOf("\"summary\":\"40\"") < h.indexOf("\"summary\":\"30\"") && !h.contains("\"summary\":\"20\""), h);
        String h2 = ok(get("/api/history?key=counter&limit=2&offset=4"));
        assertTrue(h2.contains("\"summary\":\"0\"") && !h2.contains("\"summary\":\"10\""), h2);
        String s = ok(get("/api/series?key=metrics:cpu&points=100"));
        assertTrue(s.contains("\"total\":5000,\"downsampled\":true"), s);
        int points = s.substring(s.indexOf("\"v\":[")).split(",").length;
        assertTrue(points <= 100, "at most 100 points: " + points);
        long from = 1_700_000_000_000_000L + 100 * 1_000_000L;
        String zoom = ok(get("/api/series?key=metrics:cpu&from=" + from + "&to=" + (from + 50_000_000L)));
        assertTrue(zoom.contains("\"total\":50,\"downsampled\":false"), zoom);
        error(get("/api/series?key=user:0001"), 400, "TYPE_MISMATCH");
        error(get("/api/series?key=metrics:cpu&from=5&to=1"), 400, "BAD_REQUEST");
    }

    @Test
    void vectorStoresWithPcaAndSearch() throws Exception {
        String list = ok(get("/api/vectors"));
        assertTrue(list.contains("\"name\":\"docs\",\"dimension\":17,\"metric\":\"cosine\""), list);
        String one = ok(get("/api/vectors/docs")); // opens the store
        assertTrue(one.contains("\"opened\":true,\"size\":" + StudioFixture.VECTORS), one);
        assertTrue(ok(get("/api/vectors")).contains("\"size\":" + StudioFixture.VECTORS), "listed with its size once open");
        String pca = ok(get("/api/vectors/docs/pca?points=100&color=topic"));
        assertTrue(pca.contains("\"total\":400,\"sampled\":100"), pca);
        String xyz = pca.replaceAll(".*\"xyz\":\"([^\"]*)\".*", "$1");
        assertEquals(100 * 3 * 4, Base64.getDecoder().decode(xyz).length);
        assertTrue(pca.contains("\"colors\":[\"t"), pca);
        // four well separated clusters: the first three components explain most of the variance
        String ex = pca.replaceAll(".*\"explained\":\\[([^\\]]*)\\].*", "$1");
        double sum = 0;
        for (String e : ex.split(",")) {
            sum += Double.parseDouble(e);
        }
        assertTrue(sum > 0.8, "explained " + ex);
        String hits = ok(get("/api/vectors/docs/search?key=doc-8&k=5"));
        assertTrue(hits.contains("\"items\":[{\"key\":\"doc-8\""), hits);
        assertEquals(5, hits.split("\"topic\":\"t0\"").length - 1, "every neighbour of doc-8 is in topic t0: " + hits);
        assertTrue(hits.contains("\"xyz\":["), hits);
        error(get("/api/vectors/nope"), 404, "NOT_FOUND");
        error(get("/api/vectors/docs/search?key=doc-8&k=0"), 400, "BAD_REQUEST");
        error(get("/api/vectors/docs/search?key=nope"), 404, "KEY_NOT_FOUND");
        error(get("/api/vectors/docs/pca?points=999999"), 400, "BAD_REQUEST");
    }

    @Test
    void promotingAModelNeedsTheToken() throws Exception {
        String models = ok(get("/api/models?q=rank"));
        assertTrue(models.contains("{\"name\":\"ranker\",\"versions\":3,\"latest\":3,\"production\":[1]}"), models);
        String m = ok(get("/api/models/ranker"));
        assertTrue(m.contains("\"aliases\":{\"champion\":1}") && m.contains("\"kind\":\"STAGE\""), m);
        error(post("/api/models/ranker/versions/2/stage", "{\"stage\":\"Staging\"}", null), 403, "FORBIDDEN");
        error(post("/api/models/ranker/versions/2/stage", "{\"stage\":\"Staging\"}", "0".repeat(32)), 403, "FORBIDDEN");
        error(get("/api/models/ranker/versions/2/stage"), 405, "METHOD_NOT_ALLOWED");
        String v = ok(post("/api/models/ranker/versions/2/stage", "{\"stage\":\"Staging\"}", studio.token()));
        assertTrue(v.contains("\"version\":2,\"stage\":\"Staging\""), v);
        try (ModelRegistry reg = ModelRegistry.open(db)) {
            assertEquals(Stage.STAGING, reg.version("ranker", 2).stage());
        }
        error(post("/api/models/ranker/versions/9/stage", "{\"stage\":\"Staging\"}", studio.token()), 404, "KEY_NOT_FOUND");
        error(post("/api/models/ranker/versions/2/stage", "{\"stage\":\"Gold\"}", studio.token()), 400, "INVALID_ARGUMENT");
        error(post("/api/models/ranker/versions/2/stage", "{\"stage\":", studio.token()), 400, "BAD_REQUEST");
        error(post("/api/models/ranker/versions/2/stage", "[1]", studio.token()), 400, "BAD_REQUEST");
    }

    @Test
    void experimentsRunsMetricsAndComparison() throws Exception {
        assertTrue(ok(get("/api/experiments")).contains("{\"name\":\"tuning\",\"runs\":3}"));
        String runs = ok(get("/api/experiments/tuning/runs"));
        assertTrue(runs.contains("\"total\":3") && runs.contains("\"params\":{\"lr\":\"0.1\"}") && runs.contains("\"status\":\"COMPLETED\""), runs);
        List<String> ids = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(runs).results().map(r -> r.group(1)).toList();
        String metric = ok(get("/api/runs/" + ids.getFirst() + "/metrics/loss"));
        assertTrue(metric.contains("\"total\":50") && metric.contains("\"steps\":[0,1,2"), metric);
        String cmp = ok(get("/api/compare?runs=" + String.join(",", ids)));
        assertTrue(cmp.contains("\"rows\":[") && cmp.contains("\"name\":\"param:lr\""), cmp);
        error(get("/api/experiments/none/runs"), 404, "KEY_NOT_FOUND");
        error(get("/api/runs/" + "0".repeat(20)), 404, "KEY_NOT_FOUND");
        error(get("/api/runs/none"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void statistics() throws Exception {
        String s = ok(get("/api/stats"));
        assertTrue(s.contains("\"liveKeys\":" + db.size()), s);
        assertTrue(s.contains("{\"prefix\":\"user:\",\"keys\":120}"), s);
        assertTrue(s.contains("\"types\":{") && s.contains("\"float64\":1,\"int64\":1,\"text\":"), s);
        assertTrue(s.contains("\"historyDepth\":["), s);
    }

    @Test
    void unknownApiAndForeignHostAreRefused() throws Exception {
        error(get("/api/nothing"), 404, "NOT_FOUND");
        error(post("/api/jobs", "{\"kind\":\"defrag\"}", studio.token()), 400, "BAD_REQUEST");
        error(post("/api/jobs", "{\"kind\":\"verify\"}", null), 403, "FORBIDDEN");
        // DNS rebinding: a page of evil.example resolving to 127.0.0.1 sends its own Host
        try (Socket s = new Socket("127.0.0.1", studio.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/info HTTP/1.1\r\nHost: evil.example:" + studio.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
            assertTrue(reply.contains("FORBIDDEN_HOST"), reply);
        }
    }

    /** Starts a job and reads its server-sent events to the end; returns the last event's data. */
    static String runJob(String body) throws Exception {
        HttpResponse<String> r = post("/api/jobs", body, studio.token());
        assertEquals(202, r.statusCode(), r.body());
        String id = r.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(
                HttpRequest.newBuilder(studio.baseUri().resolve("/api/jobs/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElseThrow());
        List<String> lines = events.body().toList();
        String lastEvent = lines.stream().filter(l -> l.startsWith("event: ")).reduce((a, b) -> b).orElseThrow();
        String lastData = lines.stream().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
        assertEquals("event: done", lastEvent, lastData);
        return lastData.substring(6);
    }

    @Test
    void verifyCompactAndExportRunAsJobsWithEvents() throws Exception {
        String v = runJob("{\"kind\":\"verify\"}");
        assertTrue(v.contains("\"state\":\"DONE\"") && v.contains("\"result\":{\"ok\":true"), v);
        // The database's own progress: bytes checked out of the log's bytes, all of them at the end.
        String checked = v.replaceAll(".*\"bytesChecked\":(\\d+).*", "$1");
        assertTrue(v.contains("\"done\":" + checked + ",\"total\":" + checked) && Long.parseLong(checked) > 0, v);
        String e = runJob("{\"kind\":\"export\"}");
        assertTrue(e.contains("\"keys\":" + db.size()), e);
        String id = e.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> file = get("/api/jobs/" + id + "/download");
        assertEquals(200, file.statusCode());
        List<String> lines = file.body().lines().toList();
        assertEquals(db.size(), lines.size());
        assertTrue(lines.contains("{\"key\":\"counter\",\"type\":\"int64\",\"value\":40}"), lines.toString());
        String c = runJob("{\"kind\":\"compact\",\"keepLast\":\"all\"}");
        assertTrue(c.contains("\"retention\":"), c);
        String entries = c.replaceAll(".*\"entriesBefore\":(\\d+).*", "$1");
        assertTrue(c.contains("\"done\":" + entries + ",\"total\":" + entries), "entries copied of entries before: " + c);
        assertEquals(5, db.history("counter").size(), "retention all keeps every value");
        error(post("/api/jobs", "{\"kind\":\"compact\",\"keepLast\":\"0\"}", studio.token()), 400, "BAD_REQUEST");
        assertTrue(ok(get("/api/jobs")).contains("\"kind\":\"compact\""));
        error(get("/api/jobs/999/download"), 404, "NOT_FOUND");
    }

    @Test
    void startsFromCodeOnAnyFreePortTwice() throws Exception {
        try (Studio other = Studio.start(db, StudioOptions.defaults())) {
            assertFalse(other.port() == studio.port());
            assertFalse(other.token().equals(studio.token()));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(other.baseUri() + "api/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }

}
