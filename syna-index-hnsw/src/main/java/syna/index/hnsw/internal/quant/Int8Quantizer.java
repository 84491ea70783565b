package syna.index.hnsw.internal.quant;

import java.util.Arrays;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.Vectors;
import syna.api.spi.VectorSource;

/**
 * Per-dimension affine int8 quantizer: component {@code i} of a vector is coded {@code c = round((x - offset_i) /
 * step_i)} clipped to [-127, 127], so {@code x ≈ offset_i + step_i · c}. Each dimension's range is the central
 * {@link #CONFIDENCE} of its values in the training sample (the outer tails are clipped), so one outlier does not
 * spread the 255 levels thin. Cosine vectors are coded at unit length (a stored vector's norm carries no meaning for
 * cosine).
 *
 * <p>A query is coded against the same table: its dot product with a code is {@code Σ q_i·offset_i + Σ (q_i·step_i)
 * · c_i}; the weights {@code w_i = q_i·step_i} are coded to int8 with one scale of their own, so the second sum is one
 * int8 dot product ({@code VectorKernels.dotInt8}) times that scale. Per dimension rather than one global range:
 * embedding dimensions differ in spread (MiniLM's by several times), and a global range would give the narrow ones
 * a few levels only.
 *
 * <p>A vector its code misplaces by more than rounding could ({@link #isClipped}: one the training's ranges clip far,
 * such as an update to a value the sample never held) is flagged in its term's sign bit, and scorers measure it on
 * the floats instead: on codes it would rank wherever the clipping put it, and a search could never find it.
 * Immutable; thread-safe.
 */
public final class Int8Quantizer {
    /** Share of each dimension's training values inside its coded range. */
    public static final double CONFIDENCE = 0.999;
    /** Largest code magnitude (symmetric, so -128 is never written). */
    static final int MAX_CODE = 127;

    private final DistanceMetric metric;
    private final float[] offsets;
    private final float[] steps;
    private final float[] inverseSteps;
    /**
     * 64 · Σ step_i²: sixteen times the furthest rounding alone moves a vector, squared ({@link #encode} flags a code
     * further than that). On 100K MiniLM and 768-d Gaussian vectors no code comes near it (the furthest: 22 and 4.6
     * Σ step_i², against 1/12 for rounding's mean); a vector moved far outside the trained ranges passes it.
     */
    private final double clipBudget;

    /** A quantizer of {@code offsets.length} dimensions (arrays copied); steps must be finite and >= 0. */
    public Int8Quantizer(DistanceMetric metric, float[] offsets, float[] steps) {
        if (offsets.length != steps.length || offsets.length == 0) {
            throw new InvalidArgumentException("int8 quantizer: " + offsets.length + " offsets and " + steps.length
                    + " steps");
        }
        this.metric = metric;
        this.offsets = offsets.clone();
        this.steps = steps.clone();
        this.inverseSteps = new float[steps.length];
        for (int i = 0; i < steps.length; i++) {
            if (!(steps[i] >= 0) || !Float.isFinite(steps[i]) || !Float.isFinite(offsets[i])) {
                throw new InvalidArgumentException("int8 quantizer: dimension " + i + " offset " + offsets[i]
                        + " step " + steps[i]);
            }
            inverseSteps[i] = steps[i] == 0 ? 0 : 1 / steps[i];
        }
        double b = 0;
        for (float st : steps) {
            b += (double) st * st;
        }
        clipBudget = 64 * b;
    }

    /**
     * Trains on the vectors of {@code ordinals} in {@code source}: per dimension, the {@link #CONFIDENCE} quantile
     * range of the sample's values (unit-length vectors for cosine).
     */
    public static Int8Quantizer train(VectorSource source, int[] ordinals) {
        int dim = source.dimension();
        int n = ordinals.length;
        if (n == 0) {
            throw new InvalidArgumentException("int8 quantizer: no vectors to train on");
        }
        DistanceMetric metric = source.metric();
        float[] columns = new float[Math.multiplyExact(n, dim)];
        float[] v = new float[dim];
        for (int r = 0; r < n; r++) {
            load(source, metric, ordinals[r], v);
            for (int i = 0; i < dim; i++) {
                columns[i * n + r] = v[i];
            }
        }
        float[] offsets = new float[dim];
        float[] steps = new float[dim];
        double tail = (1 - CONFIDENCE) / 2;
        int lo = (int) Math.floor(tail * (n - 1));
        int hi = (int) Math.ceil((1 - tail) * (n - 1));
        for (int i = 0; i < dim; i++) {
            Arrays.sort(columns, i * n, (i + 1) * n);
            float min = columns[i * n + lo];
            float max = columns[i * n + hi];
            offsets[i] = (min + max) / 2;
            steps[i] = (max - min) / (2 * MAX_CODE);
        }
        return new Int8Quantizer(metric, offsets, steps);
    }

    /** The vector of {@code ordinal} into {@code v}, at unit length for cosine (a zero vector stays zero). */
    static void load(VectorSource source, DistanceMetric metric, int ordinal, float[] v) {
        source.copy(ordinal, v);
        if (metric == DistanceMetric.COSINE) {
            Vectors.scale(v, Vectors.inverseNorm(v, 0, v.length));
        }
    }

    /** Dimensions. */
    public int dimension() {
        return offsets.length;
    }

    /** The metric the codes are measured with. */
    public DistanceMetric metric() {
        return metric;
    }

    /** Per-dimension offsets (a copy). */
    public float[] offsets() {
        return offsets.clone();
    }

    /** Per-dimension steps (a copy). */
    public float[] steps() {
        return steps.clone();
    }

    /**
     * Codes {@code v} (already at unit length for cosine) into {@code out}; returns the vector's correction term:
     * its squared norm for euclidean (measured on the floats, so only the dot product carries coding error), else 0;
     * negative (its sign bit set: {@code -0.0} for 0) when the code is further from {@code v} than rounding could
     * ever put it: a squared distance over 64 · Σ step_i² (rounding's worst is Σ step_i² / 4, its mean a twelfth).
     */
    public float encode(float[] v, byte[] out) {
        float norm2 = 0;
        double error2 = 0;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            norm2 += x * x;
            int c = Math.max(-MAX_CODE, Math.min(MAX_CODE, Math.round((x - offsets[i]) * inverseSteps[i])));
            out[i] = (byte) c;
            double e = x - (offsets[i] + (double) steps[i] * c);
            error2 += e * e;
        }
        float term = metric == DistanceMetric.EUCLIDEAN ? norm2 : 0;
        return error2 > clipBudget ? -term : term;
    }

    /** Whether a correction term flags its vector as clipped ({@link #encode}): its sign bit. */
    public static boolean isClipped(float term) {
        return Float.floatToRawIntBits(term) < 0;
    }

    /**
     * Codes query {@code q} (at unit length for cosine) into {@code codes}; {@code terms} receives
     * [scale of the int8 dot product, Σ q_i·offset_i, |q|²].
     */
    public void encodeQuery(float[] q, byte[] codes, float[] terms) {
        float bias = 0;
        float norm2 = 0;
        float max = 0;
        for (int i = 0; i < q.length; i++) {
            bias += q[i] * offsets[i];
            norm2 += q[i] * q[i];
            max = Math.max(max, Math.abs(q[i] * steps[i]));
        }
        float scale = max == 0 ? 1 : max / MAX_CODE;
        float inv = 1 / scale;
        for (int i = 0; i < q.length; i++) {
            codes[i] = (byte) Math.max(-MAX_CODE, Math.min(MAX_CODE, Math.round(q[i] * steps[i] * inv)));
        }
        terms[0] = scale;
        terms[1] = bias;
        terms[2] = norm2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Int8Quantizer q && q.metric == metric && Arrays.equals(q.offsets, offsets)
                && Arrays.equals(q.steps, steps);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(steps);
    }
}
