package syna.index.gwi.internal.cluster;

/** Points that are rows of a centroid matrix, weighted by the vectors each stands for. */
public final class RowPoints implements Points {
    private final float[] matrix;
    private final int[] rows;
    private final float[] weights;
    private final int dim;

    /** Rows {@code rows} of {@code matrix} ({@code dim} floats each) with the given weights. */
    public RowPoints(float[] matrix, int dim, int[] rows, float[] weights) {
        this.matrix = matrix;
        this.dim = dim;
        this.rows = rows;
        this.weights = weights;
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public void read(int i, float[] dst) {
        System.arraycopy(matrix, rows[i] * dim, dst, 0, dim);
    }

    @Override
    public float weight(int i) {
        return weights[i];
    }
}
