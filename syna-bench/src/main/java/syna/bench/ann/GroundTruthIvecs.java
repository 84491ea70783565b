package syna.bench.ann;

import java.util.stream.IntStream;
import syna.api.DistanceMetric;
import syna.api.Vectors;

/** Exact top-k by brute force over all cores, ties broken by the lower id. Thread-safe (stateless). */
final class GroundTruthIvecs {
    private GroundTruthIvecs() {}

    static int[][] compute(float[][] base, float[][] queries, int k, DistanceMetric metric) {
        int kk = Math.min(k, base.length);
        int[][] out = new int[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(qi -> {
            float[] q = queries[qi];
            long[] heap = new long[kk];
            int size = 0;
            for (int i = 0; i < base.length; i++) {
                float d = Vectors.distance(metric, q, base[i]);
                long key = pack(d, i);
                if (size < kk) {
                    heap[size++] = key;
                    if (size == kk) {
                        java.util.Arrays.sort(heap);
                    }
                } else if (key < heap[kk - 1]) {
                    int pos = java.util.Arrays.binarySearch(heap, key);
                    pos = pos < 0 ? -pos - 1 : pos;
                    System.arraycopy(heap, pos, heap, pos + 1, kk - 1 - pos);
                    heap[pos] = key;
                }
            }
            java.util.Arrays.sort(heap, 0, size);
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                ids[i] = (int) heap[i];
            }
            out[qi] = ids;
        });
        return out;
    }

    private static long pack(float d, int id) {
        int bits = Float.floatToRawIntBits(d);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return ((long) bits << 32) | id;
    }
}
