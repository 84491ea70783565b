package syna.codec.lz4.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import syna.api.SerializationException;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.ValueCodec;

class Lz4CodecTest {
    private static final long SEED = Long.getLong("syna.tests.seed.lz4", 0x5EED_1234L);

    private final ValueCodec codec = new Lz4CodecProvider().codec();

    private byte[] roundTrip(byte[] raw) {
        byte[] encoded = codec.encode(raw, 0, raw.length);
        byte[] decoded = codec.decode(encoded, 0, encoded.length, raw.length);
        assertArrayEquals(raw, decoded, "seed " + SEED);
        return encoded;
    }

    @Test
    void providerIsFoundByName() {
        CodecProvider p = Providers.get(CodecProvider.class, "lz4");
        assertEquals("lz4", p.name());
        assertEquals(1, p.formatVersion());
        assertTrue(p.capabilities().isEmpty());
    }

    @Test
    void roundTripsRandomData() {
        Random r = new Random(SEED);
        for (int size : new int[] {1, 2, 7, 64, 255, 256, 4097, 65_537}) {
            byte[] raw = new byte[size];
            r.nextBytes(raw);
            roundTrip(raw);
        }
    }

    @Test
    void compressesRepetitiveData() {
        byte[] raw = "sensor/temperature=21.5;".repeat(2_000).getBytes(StandardCharsets.UTF_8);
        byte[] encoded = roundTrip(raw);
        assertTrue(encoded.length < raw.length / 10, "compressed " + raw.length + " to " + encoded.length);
        byte[] zeros = new byte[1 << 20];
        assertTrue(roundTrip(zeros).length < 8_192);
    }

    @Test
    void roundTripsEmptyInput() {
        byte[] encoded = roundTrip(new byte[0]);
        assertTrue(encoded.length > 0, "an empty block still has its token");
    }

    @Test
    void honoursOffsets() {
        byte[] raw = "xx-hello hello hello hello-yy".getBytes(StandardCharsets.UTF_8);
        byte[] encoded = codec.encode(raw, 3, raw.length - 6);
        byte[] padded = new byte[encoded.length + 5];
        System.arraycopy(encoded, 0, padded, 2, encoded.length);
        byte[] decoded = codec.decode(padded, 2, encoded.length, raw.length - 6);
        assertArrayEquals(Arrays.copyOfRange(raw, 3, raw.length - 3), decoded);
    }

    @Test
    void rejectsRawLengthMismatch() {
        byte[] raw = "a value that compresses: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.UTF_8);
        byte[] encoded = codec.encode(raw, 0, raw.length);
        assertThrows(SerializationException.class, () -> codec.decode(encoded, 0, encoded.length, raw.length + 1));
        assertThrows(SerializationException.class, () -> codec.decode(encoded, 0, encoded.length, raw.length - 1));
        assertThrows(SerializationException.class, () -> codec.decode(encoded, 0, encoded.length, -1));
    }

    @Test
    void rejectsHugeRawLengthBeforeAllocating() {
        byte[] encoded = codec.encode(new byte[10], 0, 10);
        SerializationException e = assertThrows(SerializationException.class,
                () -> codec.decode(encoded, 0, encoded.length, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), e.getMessage());
        assertThrows(SerializationException.class,
                () -> codec.decode(encoded, 0, encoded.length, encoded.length * Lz4Codec.MAX_EXPANSION + 1));
    }

    @Test
    void rejectsMalformedInput() {
        Random r = new Random(SEED);
        byte[] raw = "temperature 21.5, 21.6, 21.7, 21.5, 21.6, 21.7, 21.5".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] encoded = codec.encode(raw, 0, raw.length);
        // Truncations: every prefix is malformed for the full raw length.
        for (int cut = 0; cut < encoded.length; cut++) {
            int len = cut;
            assertThrows(SerializationException.class, () -> codec.decode(encoded, 0, len, raw.length), "cut " + cut);
        }
        // Random garbage and random bit flips: a SerializationException or (rarely) a wrong but
        // well-formed decode; never another exception.
        for (int i = 0; i < 2_000; i++) {
            byte[] bad = i % 2 == 0 ? randomBytes(r, 1 + r.nextInt(64)) : flip(r, encoded);
            try {
                byte[] out = codec.decode(bad, 0, bad.length, raw.length);
                assertEquals(raw.length, out.length);
            } catch (SerializationException expected) {
                // malformed, as it should be reported
            }
        }
        // An offset pointing far back before the start of the output.
        byte[] backReference = {0x1F, 'a', (byte) 0xFF, (byte) 0xFF, 0x00};
        assertThrows(SerializationException.class, () -> codec.decode(backReference, 0, backReference.length, 100));
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] flip(Random r, byte[] in) {
        byte[] b = in.clone();
        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        return b;
    }
}
