package syna.codec.lz4.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;

/** A database written with codec("lz4") reopens and reads back, with and without naming the codec. */
class Lz4DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void databaseWrittenWithLz4ReopensAndReadsBack() {
        String text = "sensor greenhouse-1 temperature 21.5 ok; ".repeat(500);
        byte[] random = new byte[5_000];
        new Random(3).nextBytes(random);
        float[] vector = new float[512];
        long plainBytes;
        try (Database db = Syna.builder(dir.resolve("plain")).open()) {
            db.putText("text", text);
            plainBytes = db.stats().fileBytes();
        }
        try (Database db = Syna.builder(dir.resolve("lz4")).codec("lz4").open()) {
            assertEquals("lz4", db.stats().codec());
            db.putText("text", text);
            db.putBytes("random", random);
            db.putVector("vector", vector);
            db.putText("small", "below the compression threshold");
            assertTrue(db.stats().fileBytes() < plainBytes, db.stats() + " vs plain " + plainBytes);
        }
        for (String codec : new String[] {"lz4", "none"}) {
            try (Database db = Syna.builder(dir.resolve("lz4")).codec(codec).open()) {
                assertEquals(text, db.getText("text"));
                assertArrayEquals(random, db.getBytes("random"));
                assertArrayEquals(vector, db.getVector("vector"));
                assertEquals("below the compression threshold", db.getText("small"));
                assertTrue(db.verify().ok(), db.verify().toString());
            }
        }
    }
}
