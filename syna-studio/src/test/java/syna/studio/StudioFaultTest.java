package syna.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;

/** Bits flipped in the log of an open database: the Studio's verify job reports each damaged record at its offset. */
class StudioFaultTest {
    @TempDir
    Path dir;

    @Test
    void verifyReportsEachInjectedFaultWithItsOffset() throws Exception {
        Path path = dir.resolve("db");
        try (Database db = Syna.open(path); Studio studio = Studio.start(db, StudioOptions.defaults())) {
            db.putText("before", "x");
            List<Long> offsets = Faults.writeRecords(db, "rec", 10);
            Faults.flip(path, offsets.get(2) + 20);
            Faults.flip(path, offsets.get(7) + 20);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(studio.baseUri().resolve("/api/jobs"))
                    .header("X-Syna-Token", studio.token()).POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"verify\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started.body());
            String id = started.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
            String done = http.send(HttpRequest.newBuilder(studio.baseUri().resolve("/api/jobs/" + id + "/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).body().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
            assertTrue(done.contains("\"result\":{\"ok\":false"), done);
            List<Long> reported = Pattern.compile("\"offset\":(\\d+),\"description\"").matcher(done).results()
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertEquals(List.of(offsets.get(2), offsets.get(7)), reported, done);
            assertTrue(done.contains("verify found 2 problem(s)"), done);
        }
    }
}
