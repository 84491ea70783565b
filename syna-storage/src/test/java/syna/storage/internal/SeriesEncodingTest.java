package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.ValueType;
import syna.api.spi.ValueCodec;

class SeriesEncodingTest {
    private static final System.Logger LOG = System.getLogger(SeriesEncodingTest.class.getName());

    @TempDir
    Path dir;

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static long[] roundTrip(long[] values, boolean floats, long[] ts) {
        RecordBuffer out = new RecordBuffer(16);
        SeriesEncoding.encode(out, floats, values, ts, 0, values.length, 1000);
        long[] back = new long[values.length];
        long[] backTs = new long[values.length];
        int[] n = {0};
        SeriesEncoding.decode(out.array(), 0, out.size(), floats, 1000, (t, b) -> {
            backTs[n[0]] = t;
            back[n[0]++] = b;
        });
        assertEquals(values.length, n[0]);
        if (ts != null) {
            assertArrayEquals(ts, backTs);
        }
        return back;
    }

    @Test
    void floatsRoundTripBitExactly() {
        double[][] cases = {
            {20.01, 19.99, 20.0, 20.13},
            {-0.0, 0.0, -0.0},
            {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE},
            {Double.longBitsToDouble(0x7ff0_0000_0000_0001L), 1e300, -1e-300},
            {0.1, 0.2, 0.30000000000000004},
            {123456789.123, 1e15, 9007199254740993.0},
        };
        for (double[] c : cases) {
            long[] b = bits(c);
            assertArrayEquals(b, roundTrip(b, true, null), Arrays.toString(c));
        }
        Random r = new Random(7);
        long[] random = new long[1000];
        for (int i = 0; i < random.length; i++) {
            random[i] = r.nextLong();
        }
        assertArrayEquals(random, roundTrip(random, true, null));
        assertArrayEquals(random, roundTrip(random, false, null));
        long[] ts = new long[random.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1000 + i * 7L + r.nextInt(3);
        }
        assertArrayEquals(random, roundTrip(random, true, ts));
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE};
        assertArrayEquals(extremes, roundTrip(extremes, false, null));
    }

    /** A 100,000-point sensor series (20 °C plus noise, 0.01 resolution) costs well under 8 bytes a point. */
    @Test
    void sensorSeriesStoresUnderEightBytesPerPoint() throws IOException {
        int n = 100_000;
        Random r = new Random(42);
        double[] sensor = new double[n];
        double drift = 0;
        for (int i = 0; i < n; i++) {
            drift += r.nextGaussian() * 0.01;
            sensor[i] = Math.round((20.0 + drift + Math.sin(i / 500.0) + r.nextGaussian() * 0.05) * 100) / 100.0;
        }
        double[] smooth = new double[n]; // not decimal: exercises the XOR path
        for (int i = 0; i < n; i++) {
            smooth[i] = 20 + Math.sin(i / 1000.0);
        }
        DatabaseOptions o = DatabaseOptions.builder(dir).durability(Durability.NONE).build();
        long empty;
        long afterSensor;
        long afterSmooth;
        try (Database db = LogDatabase.open(o, EngineHooks.NONE)) {
            empty = db.stats().fileBytes();
            db.putFloats("sensor/temp", sensor);
            afterSensor = db.stats().fileBytes();
            db.putFloats("sensor/smooth", smooth);
            afterSmooth = db.stats().fileBytes();
        }
        assertEquals(afterSmooth, Files.size(dir.resolve(LogFiles.LOG)));
        double sensorPerPoint = (double) (afterSensor - empty) / n;
        double smoothPerPoint = (double) (afterSmooth - afterSensor) / n;
        LOG.log(System.Logger.Level.INFO, String.format("bytes/point on disk: sensor %.3f, smooth %.3f",
                sensorPerPoint, smoothPerPoint));
        assertTrue(sensorPerPoint < 8, "sensor series: " + sensorPerPoint + " bytes/point");
        assertTrue(sensorPerPoint < 2.5, "sensor series: " + sensorPerPoint + " bytes/point");
        assertTrue(smoothPerPoint < 8, "smooth series: " + smoothPerPoint + " bytes/point");
        try (Database db = LogDatabase.open(o, EngineHooks.NONE)) {
            assertArrayEquals(sensor, db.historyAsDoubles("sensor/temp"));
            assertArrayEquals(smooth, db.historyAsDoubles("sensor/smooth"));
        }
    }

    /** A toy run-length codec standing in for a plugin. */
    private static final class RunLength implements ValueCodec {
        @Override
        public byte[] encode(byte[] src, int off, int len) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = off; i < off + len; ) {
                int run = 1;
                while (i + run < off + len && run < 255 && src[i + run] == src[i]) {
                    run++;
                }
                out.write(run);
                out.write(src[i]);
                i += run;
            }
            return out.toByteArray();
        }

        @Override
        public byte[] decode(byte[] src, int off, int len, int rawLength) {
            byte[] raw = new byte[rawLength];
            int p = 0;
            for (int i = off; i < off + len; i += 2) {
                Arrays.fill(raw, p, p + (src[i] & 0xFF), src[i + 1]);
                p += src[i] & 0xFF;
            }
            return raw;
        }
    }

    @Test
    void codecCompressesLongValuesAndRecordsItsName() {
        RecordEncoder enc = new RecordEncoder("rle", new RunLength(), 64);
        CodecTable table = new CodecTable();
        RecordBuffer out = new RecordBuffer(64);
        enc.prepareCodec(out, table, 1);
        assertEquals(RecordFormat.KIND_CODEC, out.array()[8]);
        assertEquals("rle", new String(out.array(), RecordFormat.HEADER, 3, StandardCharsets.US_ASCII));
        int codecRecord = out.size();
        String text = "a".repeat(5000);
        int start = enc.single(out, table, "k".getBytes(StandardCharsets.UTF_8), 2, Atom.of(text),
                text.getBytes(StandardCharsets.UTF_8), 0);
        assertEquals(codecRecord, start);
        assertEquals(RecordFormat.FLAG_COMPRESSED, out.flags(start));
        int length = out.size() - start;
        assertTrue(length < 200, "compressed record of " + length + " bytes");
        int value = start + RecordFormat.HEADER + 1;
        assertEquals(Atom.of(text), StoredValues.decode(ValueType.TEXT.tag(), RecordFormat.FLAG_COMPRESSED,
                out.array(), value, out.size() - value, table, dir, start));
        int small = enc.single(out, table, "k".getBytes(StandardCharsets.UTF_8), 3, Atom.of("short"),
                "short".getBytes(StandardCharsets.UTF_8), 0);
        assertEquals(0, out.flags(small), "values under the threshold are stored raw");
    }
}
