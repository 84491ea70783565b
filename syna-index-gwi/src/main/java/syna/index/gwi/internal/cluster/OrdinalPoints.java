package syna.index.gwi.internal.cluster;

import syna.api.spi.VectorSource;

/** Points that are vectors of a source by ordinal, prepared for a {@link CentroidSpace} as they are read. */
public final class OrdinalPoints implements Points {
    private final VectorSource source;
    private final CentroidSpace space;
    private final int[] ordinals;
    private final int from;
    private final int n;

    /** The vectors of {@code ordinals[from, from + n)}. */
    public OrdinalPoints(VectorSource source, CentroidSpace space, int[] ordinals, int from, int n) {
        this.source = source;
        this.space = space;
        this.ordinals = ordinals;
        this.from = from;
        this.n = n;
    }

    /** The vectors of all of {@code ordinals}. */
    public OrdinalPoints(VectorSource source, CentroidSpace space, int[] ordinals) {
        this(source, space, ordinals, 0, ordinals.length);
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void read(int i, float[] dst) {
        source.copy(ordinals[from + i], dst);
        space.prepare(dst);
    }
}
