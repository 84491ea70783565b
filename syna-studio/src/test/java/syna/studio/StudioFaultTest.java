package syna.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.tests.fault.BitFlips;

/** Bits flipped in a database's log: the Studio's verify job reports each damaged record at its offset. */
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
            assertVerifyReports(studio, List.of(offsets.get(2), offsets.get(7)));
        }
    }

    @Test
    void verifyOfADamagedCopyReportsEachRandomFlipAtItsRecord() throws Exception {
        Path path = dir.resolve("db");
        List<Long> offsets;
        long end;
        try (Database db = Syna.open(path)) {
            db.putText("before", "x");
            offsets = Faults.writeRecords(db, "rec", 12);
            end = db.stats().fileBytes();
            // The checkpoint written at close checks the 4 KiB before its end against the log, so damage
            // there makes the next open scan the whole log, which refuses it (a test of its own in
            // syna-storage); keep the flips before it, as in any database of more than a few KiB.
            db.putText("padding", "p".repeat(16 * 1024));
        }
        Path copy = BitFlips.copyDirectory(path, dir.resolve("copy"));
        Random random = new Random(19);
        List<Long> damaged = new ArrayList<>();
        for (int r : List.of(1, 4, 5, 10)) {
            long start = offsets.get(r);
            long next = r + 1 < offsets.size() ? offsets.get(r + 1) : end;
            // inside the record, past its 20-byte header (a flip there may change where records end)
            BitFlips.flipRandom(copy.resolve(Faults.LOG), start + 20, next, 1, random);
            damaged.add(start);
        }
        try (Database db = Syna.open(copy); Studio studio = Studio.start(db, StudioOptions.defaults())) {
            assertVerifyReports(studio, damaged);
        }
        try (Database original = Syna.open(path)) {
            assertTrue(original.verify().ok(), "the original is not damaged");
        }
    }

    private static void assertVerifyReports(Studio studio, List<Long> expected) throws Exception {
        {
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
            assertEquals(expected, reported, done);
            assertTrue(done.contains("verify found " + expected.size() + " problem(s)"), done);
        }
    }
}
