package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ChecksumMismatchException;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;
import syna.api.SynaIOException;
import syna.tests.Seeded;

@Seeded
class ModelRegistryTest {
    @TempDir Path dir;
    private Database db;
    private ModelRegistry registry;
    private Random random;

    @BeforeEach
    void seed(Random seeded) {
        random = seeded;
        open();
    }

    void open() {
        db = Syna.builder(dir).durability(Durability.NONE).open();
        registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64).build());
    }

    @AfterEach
    void close() {
        registry.close();
        registry.close();
        db.close();
    }

    private void reopen() {
        registry.close();
        db.close();
        open();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String chunkKey(String model, int version, int chunk) {
        return "_models/" + model + "/v/" + String.format("%010d", version) + "/c/" + String.format("%08d", chunk);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void savesVersionsInChunksAndLoadsThemBack() throws Exception {
        byte[] v1 = bytes(1000);
        byte[] v2 = bytes(64 * 3);
        ModelVersion a = registry.save("mnist", v1, Map.of("framework", "onnx"));
        ModelVersion b = registry.save("mnist", new ByteArrayInputStream(v2), Map.of());
        assertEquals(1, a.version());
        assertEquals(2, b.version());
        assertEquals(16, a.chunks());
        assertEquals(3, b.chunks());
        assertEquals(sha256(v1), a.digest());
        assertEquals(DigestAlgorithm.SHA_256, a.digestAlgorithm());
        assertEquals(Stage.DEVELOPMENT, a.stage());
        assertArrayEquals(v2, registry.load("mnist").data());
        assertArrayEquals(v1, registry.load("mnist", 1).data());
        assertEquals(List.of(1, 2), registry.listVersions("mnist").stream().map(ModelVersion::version).toList());
        assertEquals(List.of("mnist"), registry.listModels());
        assertEquals(Map.of("framework", "onnx"), registry.version("mnist", 1).metadata());
        assertEquals(0, registry.save("empty", new byte[0], Map.of()).sizeBytes());
        assertArrayEquals(new byte[0], registry.load("empty").data());
        try (InputStream in = registry.openStream("mnist", 1)) {
            assertArrayEquals(v1, in.readAllBytes());
        }
    }

    @Test
    void aFlippedByteInAStoredChunkFailsEveryLoadNamingBothDigests() throws Exception {
        byte[] data = bytes(500);
        ModelVersion v = registry.save("m", data, Map.of());
        byte[] chunk = MlopsKeys.models(db).getBytes(chunkKey("m", 1, 3));
        chunk[7] ^= 0x10;
        MlopsKeys.models(db).putBytes(chunkKey("m", 1, 3), chunk);
        byte[] corrupted = data.clone();
        corrupted[3 * 64 + 7] ^= 0x10;

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> registry.load("m", 1));
        assertTrue(e.getMessage().contains("model 'm' version 1"), e.getMessage());
        assertTrue(e.getMessage().contains(v.digest()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(corrupted)), e.getMessage());
        assertThrows(ChecksumMismatchException.class, () -> registry.load("m"));
        try (InputStream in = registry.openStream("m", 1)) {
            ChecksumMismatchException s = assertThrows(ChecksumMismatchException.class, in::readAllBytes);
            assertTrue(s.getMessage().contains(sha256(corrupted)), s.getMessage());
        }
        MlopsKeys.models(db).delete(chunkKey("m", 1, 5));
        ChecksumMismatchException missing = assertThrows(ChecksumMismatchException.class, () -> registry.load("m", 1));
        assertTrue(missing.getMessage().contains("chunk 5 of 8"), missing.getMessage());
    }

    @Test
    void aStreamFailingMidSaveLeavesNoVersionAndTheNextSaveTakesItsNumber() {
        byte[] first = bytes(100);
        registry.save("m", first, Map.of());
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                // every read from byte 1000 on fails: InputStream.read(byte[]) swallows a failure after the first byte
                if (served++ >= 1000) {
                    throw new IOException("disk pulled");
                }
                return served & 0xff;
            }
        };
        SynaIOException e = assertThrows(SynaIOException.class, () -> registry.save("m", failing, Map.of()));
        assertTrue(e.getMessage().contains("model 'm' version 2"), e.getMessage());
        assertEquals(List.of(1), registry.listVersions("m").stream().map(ModelVersion::version).toList());
        assertFalse(MlopsKeys.models(db).exists(chunkKey("m", 2, 0)), "chunks of the failed save are removed");
        assertThrows(ModelNotFoundException.class, () -> registry.load("m", 2));

        byte[] second = bytes(70);
        assertEquals(2, registry.save("m", second, Map.of()).version());
        assertArrayEquals(second, registry.load("m").data());
        assertArrayEquals(first, registry.load("m", 1).data());
    }

    @Test
    void chunksWrittenWithoutAManifestAreInvisibleAndReplacedOnTheNextSave() {
        byte[] first = bytes(100);
        registry.save("m", first, Map.of());
        // a crash after the chunks of version 2 and before its manifest batch
        for (int c = 0; c < 20; c++) {
            MlopsKeys.models(db).putBytes(chunkKey("m", 2, c), bytes(64));
        }
        reopen();
        assertEquals(1, registry.latestVersion("m").version());
        assertEquals(1, registry.listVersions("m").size());
        assertArrayEquals(first, registry.load("m").data());

        byte[] second = bytes(130);
        ModelVersion v = registry.save("m", second, Map.of());
        assertEquals(2, v.version());
        assertEquals(3, v.chunks());
        assertFalse(MlopsKeys.models(db).exists(chunkKey("m", 2, 3)), "orphan chunks past the new end are gone");
        assertArrayEquals(second, registry.load("m", 2).data());
    }

    @Test
    void orphanChunksOfADeleteCutShortAreRemovedOnRequest() {
        registry.save("m", bytes(300), Map.of());
        registry.save("m", bytes(10), Map.of());
        // a crash after deleteVersion's manifest batch and before its chunk deletes
        MlopsKeys.models(db).delete("_models/m/v/" + String.format("%010d", 1) + "/manifest");
        MlopsKeys.models(db).putBytes(chunkKey("m", 3, 0), bytes(64)); // and a crashed save of version 3
        assertEquals(List.of(2), registry.listVersions("m").stream().map(ModelVersion::version).toList());
        assertEquals(6, registry.removeOrphanChunks("m"));
        assertFalse(MlopsKeys.models(db).exists(chunkKey("m", 1, 0)));
        assertEquals(0, registry.removeOrphanChunks("m"));
        assertEquals(10, registry.load("m").data().length);
    }

    @Test
    void badInputGivesTypedErrorsWithContext() {
        ModelNotFoundException unknown = assertThrows(ModelNotFoundException.class, () -> registry.load("nope"));
        assertTrue(unknown.getMessage().contains("'nope' does not exist"), unknown.getMessage());
        assertThrows(ModelNotFoundException.class, () -> registry.listVersions("nope"));
        assertThrows(ModelNotFoundException.class, () -> registry.loadProduction("nope"));
        assertThrows(ModelNotFoundException.class, () -> registry.openStream("nope", 1));
        registry.save("m", bytes(10), Map.of());
        InvalidArgumentException zero = assertThrows(InvalidArgumentException.class, () -> registry.load("m", 0));
        assertTrue(zero.getMessage().contains(">= 1, got 0"), zero.getMessage());
        assertThrows(InvalidArgumentException.class, () -> registry.load("m", -3));
        ModelNotFoundException missing = assertThrows(ModelNotFoundException.class, () -> registry.load("m", 9));
        assertTrue(missing.getMessage().contains("no version 9 (highest saved: 1)"), missing.getMessage());
        assertThrows(ModelNotFoundException.class, () -> registry.loadProduction("m"));
        assertThrows(ModelNotFoundException.class, () -> registry.loadAlias("m", "champion"));
        assertThrows(InvalidArgumentException.class, () -> registry.save("", bytes(1), Map.of()));
        assertThrows(InvalidArgumentException.class, () -> registry.save("a\nb", bytes(1), Map.of()));
        assertThrows(InvalidArgumentException.class, () -> registry.setAlias("m", "", 1));
        assertThrows(InvalidArgumentException.class, () -> Stage.parse("prod"));
        assertEquals(Stage.PRODUCTION, Stage.parse("production"));
    }

    @Test
    void namesWithSlashesStayInTheirOwnKeyRange() {
        registry.save("a/b", bytes(10), Map.of());
        registry.save("a", bytes(20), Map.of());
        registry.save("a%2Fb", bytes(30), Map.of());
        assertEquals(10, registry.load("a/b").data().length);
        assertEquals(20, registry.load("a").data().length);
        assertEquals(30, registry.load("a%2Fb").data().length);
        assertEquals(List.of("a/b", "a", "a%2Fb"), registry.listModels());
    }

    @Test
    void promotingArchivesThePreviousProductionVersionUnlessAskedToKeepIt() {
        for (int i = 0; i < 4; i++) {
            registry.save("m", bytes(10 + i), Map.of());
        }
        registry.setStage("m", 1, Stage.PRODUCTION);
        registry.setStage("m", 2, Stage.STAGING);
        registry.setStage("m", 2, Stage.PRODUCTION);
        assertEquals(Stage.ARCHIVED, registry.version("m", 1).stage());
        assertEquals(2, registry.loadProduction("m").version().version());
        registry.setStage("m", 3, Stage.PRODUCTION, ProductionPolicy.KEEP_OTHERS);
        assertEquals(Stage.PRODUCTION, registry.version("m", 2).stage());
        assertEquals(3, registry.loadProduction("m").version().version());

        List<RegistryEvent> stages = registry.history("m").stream().filter(e -> e.kind() == RegistryEvent.Kind.STAGE).toList();
        assertEquals(List.of("1:Development>Production", "2:Development>Staging", "1:Production>Archived",
                "2:Staging>Production", "3:Development>Production"),
                stages.stream().map(e -> e.version() + ":" + e.from() + ">" + e.to()).toList());
        for (int i = 1; i < stages.size(); i++) {
            assertFalse(stages.get(i).time().isBefore(stages.get(i - 1).time()));
        }
    }

    @Test
    void aliasesAndTagsPointAtVersionsAndAreKeptInTheHistory() {
        registry.save("m", bytes(10), Map.of());
        registry.save("m", bytes(11), Map.of());
        registry.setAlias("m", "champion", 1);
        registry.setAlias("m", "champion", 2);
        registry.setAlias("m", "challenger", 1);
        assertEquals(11, registry.loadAlias("m", "champion").data().length);
        assertEquals(Map.of("champion", 2, "challenger", 1), registry.aliases("m"));
        assertTrue(registry.removeAlias("m", "challenger"));
        assertFalse(registry.removeAlias("m", "challenger"));
        registry.setModelTag("m", "team", "vision");
        registry.setVersionTag("m", 2, "validated", "yes");
        assertEquals(Map.of("team", "vision"), registry.modelTags("m"));
        assertEquals(Map.of("validated", "yes"), registry.version("m", 2).tags());
        assertTrue(registry.removeVersionTag("m", 2, "validated"));
        assertEquals(Map.of(), registry.version("m", 2).tags());
        List<String> aliasEvents = registry.history("m").stream()
                .filter(e -> e.kind() == RegistryEvent.Kind.ALIAS_SET || e.kind() == RegistryEvent.Kind.ALIAS_REMOVED)
                .map(e -> e.kind() + " " + e.subject() + " " + e.from() + ">" + e.to()).toList();
        assertEquals(List.of("ALIAS_SET champion >1", "ALIAS_SET champion 1>2", "ALIAS_SET challenger >1",
                "ALIAS_REMOVED challenger 1>"), aliasEvents);
    }

    @Test
    void deletingAVersionRemovesItsBytesAndCompactionFreesThem() {
        registry.save("m", bytes(300), Map.of());
        registry.save("m", bytes(300), Map.of());
        registry.setAlias("m", "champion", 1);
        assertTrue(registry.deleteVersion("m", 1));
        assertFalse(registry.deleteVersion("m", 1));
        assertFalse(MlopsKeys.models(db).exists(chunkKey("m", 1, 0)));
        assertEquals(Map.of(), registry.aliases("m"));
        assertThrows(ModelNotFoundException.class, () -> registry.load("m", 1));
        assertEquals(List.of(2), registry.listVersions("m").stream().map(ModelVersion::version).toList());
        assertEquals(3, registry.save("m", bytes(5), Map.of()).version(), "numbers are never reused");
        assertFalse(MlopsKeys.models(db).history(chunkKey("m", 1, 0)).isEmpty(), "the engine keeps deleted values' history");
        ModelRegistry.reclaimDeletedBytes(db);
        assertTrue(MlopsKeys.models(db).history(chunkKey("m", 1, 0)).isEmpty(), "compaction dropped the deleted chunks");
        assertEquals(300, registry.load("m", 2).data().length);
    }

    @Test
    void blake3IsRecordedPerVersionAndChecked() {
        byte[] data = bytes(1000);
        ModelVersion b = registry.save("m", new ByteArrayInputStream(data), Map.of(),
                SaveOptions.builder().digest(DigestAlgorithm.BLAKE3).runId("run-7").tag("k", "v").build());
        ModelVersion s = registry.save("m", data, Map.of());
        assertEquals(DigestAlgorithm.BLAKE3, b.digestAlgorithm());
        assertEquals(64, b.digest().length());
        assertFalse(b.digest().equals(s.digest()));
        assertEquals("run-7", b.runId().orElseThrow());
        assertEquals(Map.of("k", "v"), b.tags());
        assertArrayEquals(data, registry.load("m", 1).data());
        byte[] chunk = MlopsKeys.models(db).getBytes(chunkKey("m", 1, 0));
        chunk[0] ^= 1;
        MlopsKeys.models(db).putBytes(chunkKey("m", 1, 0), chunk);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> registry.load("m", 1));
        assertTrue(e.getMessage().contains("BLAKE3-256 digest mismatch: stored " + b.digest()), e.getMessage());
        ModelRegistry blake = ModelRegistry.open(db, ModelRegistryOptions.builder().digest(DigestAlgorithm.BLAKE3).build());
        assertEquals(DigestAlgorithm.BLAKE3, blake.save("n", data, Map.of()).digestAlgorithm());
    }

    @Test
    void streamsAModelLargerThanOneChunkBufferWithoutWholeCopies() throws Exception {
        ModelRegistry big = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64 * 1024).build());
        long size = 6L * 1024 * 1024 + 123;
        MessageDigest in = MessageDigest.getInstance("SHA-256");
        InputStream source = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((size - left + i) * 31);
                }
                in.update(b, off, n);
                left -= n;
                return n;
            }
        };
        ModelVersion v = big.save("big", source, Map.of());
        assertEquals(size, v.sizeBytes());
        assertEquals(HexFormat.of().formatHex(in.digest()), v.digest());
        MessageDigest out = MessageDigest.getInstance("SHA-256");
        long total = 0;
        byte[] buf = new byte[8192];
        try (InputStream s = big.openStream("big", 1)) {
            for (int n; (n = s.read(buf)) > 0; ) {
                out.update(buf, 0, n);
                total += n;
            }
        }
        assertEquals(size, total);
        assertEquals(v.digest(), HexFormat.of().formatHex(out.digest()));
    }

    @Test
    void ed25519SignaturesAreVerifiedOnLoadWhenAKeyIsConfigured() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        KeyPair signer = gen.generateKeyPair();
        KeyPair other = gen.generateKeyPair();
        registry.save("m", new ByteArrayInputStream(bytes(100)), Map.of(), SaveOptions.builder().signWith(signer.getPrivate()).build());
        registry.save("m", bytes(100), Map.of());
        assertTrue(registry.version("m", 1).signed());
        assertTrue(registry.verifySignature("m", 1, signer.getPublic()));
        assertFalse(registry.verifySignature("m", 1, other.getPublic()));
        assertFalse(registry.verifySignature("m", 2, signer.getPublic()));
        ModelRegistry strict = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64).verifyKey(signer.getPublic()).build());
        assertEquals(100, strict.load("m", 1).data().length);
        SignatureMismatchException unsigned = assertThrows(SignatureMismatchException.class, () -> strict.load("m", 2));
        assertTrue(unsigned.getMessage().contains("not signed"), unsigned.getMessage());
        ModelRegistry wrong = ModelRegistry.open(db, ModelRegistryOptions.builder().verifyKey(other.getPublic()).build());
        assertThrows(SignatureMismatchException.class, () -> wrong.load("m", 1));
        assertThrows(InvalidArgumentException.class,
                () -> SaveOptions.builder().signWith(KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate()).build());
    }

    @Test
    void everythingRoundTripsThroughAReopen() {
        byte[] data = bytes(777);
        registry.save("m", new ByteArrayInputStream(data), Map.of("acc", "0.91"), SaveOptions.builder().runId("r1").build());
        registry.save("m", bytes(5), Map.of());
        registry.setStage("m", 1, Stage.PRODUCTION);
        registry.setAlias("m", "champion", 1);
        registry.setModelTag("m", "owner", "ml");
        List<ModelVersion> before = registry.listVersions("m");
        List<RegistryEvent> history = registry.history("m");
        reopen();
        assertEquals(before, registry.listVersions("m"));
        assertEquals(history, registry.history("m"));
        assertArrayEquals(data, registry.loadProduction("m").data());
        assertArrayEquals(data, registry.loadAlias("m", "champion").data());
        assertEquals(Map.of("owner", "ml"), registry.modelTags("m"));
        assertEquals(3, registry.save("m", bytes(1), Map.of()).version());
    }

    @Test
    void concurrentSavesGetDistinctConsecutiveVersions() throws Exception {
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            byte[] data = bytes(200);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5; i++) {
                    versions.add(registry.save("m", data, Map.of()).version());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
                versions.stream().sorted().toList());
        for (ModelVersion v : registry.listVersions("m")) {
            assertEquals(200, registry.load("m", v.version()).data().length);
        }
    }

    @Test
    void optionsAreValidatedInBuildAndPrintEveryField() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ModelRegistryOptions.builder().chunkSize(10).build());
        assertTrue(e.getMessage().contains("[64, 16777216], got 10"), e.getMessage());
        assertEquals("ModelRegistryOptions[digest=SHA-256, chunkSize=1048576, productionPolicy=ARCHIVE_PREVIOUS,"
                + " verifyKey=none]", ModelRegistryOptions.defaults().toString());
        assertEquals("SaveOptions[runId=none, digest=registry, signed=false, tags={}]", SaveOptions.defaults().toString());
        assertThrows(InvalidArgumentException.class, () -> SaveOptions.builder().runId(" ").build());
        Database small = Syna.builder(dir.resolve("small")).durability(Durability.NONE).maxValueBytes(1000).open();
        try (small) {
            assertThrows(InvalidArgumentException.class, () -> ModelRegistry.open(small));
        }
    }

    @Test
    void useAfterCloseThrowsAndAnOwningRegistryClosesItsDatabase() {
        registry.close();
        assertThrows(ClosedException.class, () -> registry.listModels());
        assertThrows(ClosedException.class, () -> registry.save("m", new byte[1], Map.of()));
        try (ModelRegistry owning = ModelRegistry.open(dir.resolve("own"))) {
            owning.save("x", new byte[3], Map.of());
            assertEquals(3, owning.load("x").data().length);
        }
        try (ModelRegistry again = ModelRegistry.open(dir.resolve("own"))) {
            assertEquals(List.of("x"), again.listModels());
        }
    }
}
