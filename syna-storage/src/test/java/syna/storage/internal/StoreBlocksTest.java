package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ChecksumMismatchException;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Namespace;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.api.store.BlobDigest;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.api.store.DeleteJournal;
import syna.api.store.Names;

/** The shared building blocks of syna.api.store on the log engine: chunked blobs, the delete journal, names. */
class StoreBlocksTest {
    @TempDir
    Path dir;

    private Database open() {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void blobsRoundTripAsStreamsAndOffHeapSegmentsWithTheirDigest() throws Exception {
        byte[] data = random(1_000_003, 1);
        try (Database db = open(); Arena arena = Arena.ofConfined()) {
            Namespace ns = db.namespace("tensor");
            BlobInfo fromStream = ChunkedBlobs.write(ns, "a/", new ByteArrayInputStream(data), 100_000,
                    BlobDigest.sha256(), "blob a");
            assertEquals(new BlobInfo(data.length, 11, 100_000, "SHA-256", sha256(data)), fromStream);
            MemorySegment src = arena.allocate(data.length);
            MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, data.length);
            BlobInfo fromSegment = ChunkedBlobs.write(ns, "b/", src, 262_144, BlobDigest.sha256(), "blob b");
            assertEquals(sha256(data), fromSegment.digest());
            assertEquals(4, fromSegment.chunks());
            try (InputStream in = ChunkedBlobs.open(ns, "b/", fromSegment, BlobDigest.sha256(), "blob b")) {
                assertArrayEquals(data, in.readAllBytes());
            }
            MemorySegment dst = arena.allocate(data.length);
            ChunkedBlobs.readInto(ns, "a/", fromStream, BlobDigest.sha256(), dst, "blob a");
            assertArrayEquals(data, dst.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, db.keys().size(), "nothing among the user keys");

            ns.putBytes(ChunkedBlobs.chunkKey("b/", 2), new byte[262_144]);
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                    () -> ChunkedBlobs.readInto(ns, "b/", fromSegment, BlobDigest.sha256(), dst, "blob b"));
            assertTrue(e.getMessage().contains("blob b") && e.getMessage().contains(fromSegment.digest()), e.getMessage());
            ns.delete(ChunkedBlobs.chunkKey("a/", 3));
            e = assertThrows(ChecksumMismatchException.class, () -> {
                try (InputStream in = ChunkedBlobs.open(ns, "a/", fromStream, BlobDigest.sha256(), "blob a")) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("chunk 3"), e.getMessage());
            assertThrows(InvalidArgumentException.class,
                    () -> ChunkedBlobs.open(ns, "a/", fromStream, BlobDigest.jdk("SHA-512"), "blob a"));
            assertThrows(InvalidArgumentException.class, () -> ChunkedBlobs.readInto(ns, "a/", fromStream,
                    BlobDigest.sha256(), arena.allocate(10), "blob a"));
        }
    }

    @Test
    void aFailingStreamLeavesNoChunkAndAWriteClearsACrashedOne() {
        try (Database db = open()) {
            Namespace ns = db.namespace("t");
            InputStream failing = new InputStream() {
                private int n;

                @Override
                public int read() throws IOException {
                    if (++n > 250_000) {
                        throw new IOException("disk gone");
                    }
                    return 7;
                }
            };
            SynaIOException e = assertThrows(SynaIOException.class,
                    () -> ChunkedBlobs.write(ns, "x/", failing, 65_536, BlobDigest.sha256(), "blob x"));
            assertTrue(e.getMessage().contains("blob x") && e.getMessage().contains("196608"), e.getMessage());
            assertEquals(0, ns.keys("x/").size());
            for (int c = 0; c < 5; c++) {
                ns.putBytes(ChunkedBlobs.chunkKey("x/", c), new byte[] {1}); // what a crashed write left
            }
            BlobInfo info = ChunkedBlobs.write(ns, "x/", new ByteArrayInputStream(new byte[10]), 4, BlobDigest.sha256(), "x");
            assertEquals(3, info.chunks());
            assertEquals(3, ns.keys("x/").size(), "the stale chunks past the new end are gone");
            assertEquals(3, ChunkedBlobs.deleteChunks(ns, "x/", 0));
            assertEquals(0, ns.size());
        }
    }

    @Test
    void theJournalCommitsWithItsBatchAndSurvivesReopen() {
        String payload = "{\"kind\":\"model\",\"name\":\"tab\\there\nand \\\\ line\"}\r";
        try (Database db = open()) {
            Namespace ns = db.namespace("reg");
            ns.putInt("manifest", 1);
            DeleteJournal j = DeleteJournal.of(ns, "_journal");
            assertFalse(j.hasPending());
            j.commit(WriteBatch.create().delete("manifest"), "model/a\tb", payload);
            assertFalse(ns.exists("manifest"), "the batch was written with the item");
            j.commit(WriteBatch.create(), "second", "2");
        }
        try (Database db = open()) {
            DeleteJournal j = DeleteJournal.of(db.namespace("reg"), "_journal");
            assertEquals(Map.of("model/a\tb", payload, "second", "2"), j.pending());
            j.done("model/a\tb");
            j.done("unknown");
            assertEquals(Map.of("second", "2"), j.pending());
            j.done("second");
            assertFalse(j.hasPending());
            assertFalse(db.namespace("reg").exists("_journal"));
        }
    }

    @Test
    void namesAreCheckedAndEncodedForKeys() {
        assertEquals("a%2Fb%25c", Names.encode("tensor name", "a/b%c"));
        assertThrows(InvalidArgumentException.class, () -> Names.check("tensor name", ""));
        assertThrows(InvalidArgumentException.class, () -> Names.check("tensor name", "a\u0000"));
        assertThrows(InvalidArgumentException.class, () -> Names.check("tensor name", "x".repeat(Names.MAX_LENGTH + 1)));
    }
}
