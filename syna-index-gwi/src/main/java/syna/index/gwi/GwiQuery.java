package syna.index.gwi;

import syna.api.InvalidArgumentException;

/**
 * How one search of a Gravity Well index probes: {@link GwiIndex#search(float[], int, GwiQuery,
 * syna.api.spi.OrdinalFilter)}. A plain search takes the index's {@link GwiOptions} with the effort as
 * {@code nprobe}.
 *
 * @param nprobe lists scanned (the cap when adaptive), at least 1
 * @param probe fixed or adaptive
 * @param epsilon ε of the adaptive rule, in [0, 1000]
 * @param patience adaptive probing stops after this many lists in a row left the top k unchanged (0: never)
 */
public record GwiQuery(int nprobe, GwiOptions.Probe probe, double epsilon, int patience) {
    /** Validates. */
    public GwiQuery {
        if (nprobe < 1 || nprobe > GwiOptions.MAX_PROBE) {
            throw new InvalidArgumentException("gwi nprobe must be in [1, " + GwiOptions.MAX_PROBE + "], got " + nprobe);
        }
        if (probe == null) {
            throw new InvalidArgumentException("gwi probe must be given");
        }
        if (!(epsilon >= 0 && epsilon <= 1000)) {
            throw new InvalidArgumentException("gwi epsilon must be in [0, 1000], got " + epsilon);
        }
        if (patience < 0) {
            throw new InvalidArgumentException("gwi patience must be >= 0, got " + patience);
        }
    }

    /** The {@code nprobe} nearest lists. */
    public static GwiQuery fixed(int nprobe) {
        return new GwiQuery(nprobe, GwiOptions.Probe.FIXED, 0, 0);
    }

    /** Lists within (1 + ε) of the nearest one, at most {@code cap}, and no early stop. */
    public static GwiQuery adaptive(int cap, double epsilon) {
        return new GwiQuery(cap, GwiOptions.Probe.ADAPTIVE, epsilon, 0);
    }

    /**
     * Lists within (1 + ε) of the nearest one, at most {@code cap}, stopping once {@code patience} lists in a row
     * changed nothing in the top k.
     */
    public static GwiQuery adaptive(int cap, double epsilon, int patience) {
        return new GwiQuery(cap, GwiOptions.Probe.ADAPTIVE, epsilon, patience);
    }
}
