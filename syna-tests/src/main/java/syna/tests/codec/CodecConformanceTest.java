package syna.tests.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import syna.api.SerializationException;
import syna.api.spi.CodecProvider;
import syna.api.spi.ProviderNames;
import syna.api.spi.ValueCodec;
import syna.tests.Seeded;

/**
 * The conformance suite every {@link CodecProvider} passes: a test extends it and supplies {@link #provider()}.
 * Round trips of random, repetitive, empty and offset input; decoding damaged or truncated input, or with a
 * wrong raw length, is a {@link SerializationException} (never another exception, a hang or an
 * {@link OutOfMemoryError}); one codec instance shared by threads. Randomness is seeded
 * ({@code -Dsyna.tests.seed}).
 */
@Seeded
public abstract class CodecConformanceTest {

    /** The codec provider under test. */
    protected abstract CodecProvider provider();

    private ValueCodec codec() {
        return provider().codec();
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private void roundTrip(byte[] raw, int off, int len) {
        byte[] enc = codec().encode(raw, off, len);
        byte[] dec = codec().decode(enc, 0, enc.length, len);
        assertArrayEquals(Arrays.copyOfRange(raw, off, off + len), dec, "round trip of " + len + " bytes at " + off);
        byte[] padded = new byte[enc.length + 7];
        System.arraycopy(enc, 0, padded, 3, enc.length);
        assertArrayEquals(dec, codec().decode(padded, 3, enc.length, len), "decode at an offset");
    }

    @Test
    void providerDescribesItself() {
        CodecProvider p = provider();
        assertTrue(ProviderNames.isValid(p.name()), p.name());
        assertTrue(p.formatVersion() >= 1);
        assertTrue(p.capabilities() != null);
        assertTrue(p.codec() != null);
    }

    @Test
    void roundTripsRandomRepetitiveAndEmptyInput(SplittableRandom r) {
        for (int n : new int[] {0, 1, 2, 7, 64, 255, 256, 4097, 65_537}) {
            roundTrip(random(r, n), 0, n);
        }
        byte[] text = "sensor/temperature=21.5;".repeat(3000).getBytes(StandardCharsets.UTF_8);
        roundTrip(text, 0, text.length);
        roundTrip(new byte[1 << 20], 0, 1 << 20);
        byte[] big = random(r, 10_000);
        roundTrip(big, 123, 5000);
        roundTrip(big, big.length, 0);
    }

    @Test
    void damagedOrTruncatedInputIsASerializationException(SplittableRandom r) {
        byte[] raw = "a value the codec must refuse to decode wrongly; ".repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] enc = codec().encode(raw, 0, raw.length);
        assertThrows(SerializationException.class, () -> codec().decode(enc, 0, enc.length, raw.length + 1),
                "a raw length one too long");
        if (raw.length > 0) {
            assertThrows(SerializationException.class, () -> codec().decode(enc, 0, enc.length, raw.length - 1),
                    "a raw length one too short");
        }
        for (int len = 0; len < enc.length; len += Math.max(1, enc.length / 13)) {
            int cut = len;
            decodeOrRefuse(Arrays.copyOf(enc, cut), raw, "cut to " + cut);
        }
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = enc.clone();
            bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
            decodeOrRefuse(bad, raw, "a flipped bit");
        }
        assertThrows(SerializationException.class, () -> codec().decode(random(r, 64), 0, 64, Integer.MAX_VALUE / 2),
                "a huge raw length read off a disk: refused, not allocated");
    }

    /**
     * Decoding damaged input either throws {@link SerializationException} or returns exactly {@code raw.length}
     * bytes (a codec without checksums may decode a flipped literal to other bytes: the record CRC catches that).
     */
    private void decodeOrRefuse(byte[] bad, byte[] raw, String what) {
        try {
            byte[] out = codec().decode(bad, 0, bad.length, raw.length);
            assertTrue(out.length == raw.length, what + ": " + out.length + " bytes decoded for " + raw.length);
        } catch (SerializationException expected) {
            // refused, as it should be
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + e + " instead of a SerializationException", e);
        }
    }

    @Test
    void oneInstanceServesManyThreads(SplittableRandom r) throws InterruptedException {
        ValueCodec shared = codec();
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            inputs.add(random(r, 1 + r.nextInt(20_000)));
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int rep = 0; rep < 50; rep++) {
                        for (byte[] in : inputs) {
                            byte[] enc = shared.encode(in, 0, in.length);
                            if (!Arrays.equals(in, shared.decode(enc, 0, enc.length, in.length))) {
                                throw new AssertionError("round trip failed under concurrency");
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(errors.isEmpty(), () -> String.valueOf(errors.peek()));
    }
}
