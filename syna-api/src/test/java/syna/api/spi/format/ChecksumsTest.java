package syna.api.spi.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void knownCheckValue() {
        byte[] nine = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, Checksums.crc32c(nine, 0, nine.length), "the CRC-32C check value");
    }

    @Test
    void combineEqualsTheCrcOfTheConcatenation() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 300; round++) {
            int n = round < 40 ? round : r.nextInt(1, 70_000);
            byte[] b = new byte[n];
            r.nextBytes(b);
            int cut = n == 0 ? 0 : r.nextInt(n + 1);
            int whole = Checksums.crc32c(b, 0, n);
            int a = Checksums.crc32c(b, 0, cut);
            int c = Checksums.crc32c(b, cut, n - cut);
            assertEquals(whole, Checksums.crc32cCombine(a, c, n - cut), "length " + n + ", cut at " + cut);
        }
    }

    @Test
    void combineOfAnEmptySecondPartIsTheFirst() {
        assertEquals(0x12345678, Checksums.crc32cCombine(0x12345678, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Checksums.crc32cCombine(1, 2, -1));
    }

    @Test
    void segmentCrcMatchesArrayCrcAndCombinesOverLongLengths() {
        byte[] b = new byte[3 << 20];
        new SplittableRandom(7).nextBytes(b);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(b.length);
            MemorySegment.copy(b, 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, b.length);
            int head = Checksums.crc32c(s, 0, 1000);
            int tail = Checksums.crc32c(s, 1000, b.length - 1000);
            assertEquals(Checksums.crc32c(b, 0, b.length), Checksums.crc32cCombine(head, tail, b.length - 1000));
        }
    }
}
