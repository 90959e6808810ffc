package io.affectanalyzer.train.vit;

/**
 * Position-embedding tables {@code [1 + L, D]} (row 0 is the CLS slot) as flat row-major floats:
 * MAE's fixed 2D sin-cos table, and resizing a learned table to another grid.
 */
public final class PositionEmbeddings {
  private PositionEmbeddings() {}

  /**
   * MAE's fixed 2D sin-cos table for a {@code grid x grid} patch grid, zeros in the CLS slot. The
   * first D/2 channels encode the column, the last D/2 the row (as MAE's meshgrid order does).
   */
  public static float[] sinCos2d(int dim, int grid) {
    if (dim % 4 != 0) {
      throw new IllegalArgumentException("sin-cos position embedding needs width % 4 == 0: " + dim);
    }
    int quarter = dim / 4;
    float[] out = new float[(1 + grid * grid) * dim];
    for (int row = 0; row < grid; row++) {
      for (int col = 0; col < grid; col++) {
        int base = (1 + row * grid + col) * dim;
        for (int i = 0; i < quarter; i++) {
          double omega = 1.0 / Math.pow(10000.0, i / (double) quarter);
          out[base + i] = (float) Math.sin(col * omega);
          out[base + quarter + i] = (float) Math.cos(col * omega);
          out[base + 2 * quarter + i] = (float) Math.sin(row * omega);
          out[base + 3 * quarter + i] = (float) Math.cos(row * omega);
        }
      }
    }
    return out;
  }

  /**
   * Resizes a {@code [1 + from^2, D]} table to {@code [1 + to^2, D]} by bilinear interpolation on
   * the grid (half-pixel centres, edges clamped, like {@code align_corners=False}); the CLS row is
   * kept. At {@code from == to} it returns an exact copy.
   */
  public static float[] resize(float[] table, int dim, int from, int to) {
    if (table.length != (1 + from * from) * dim) {
      throw new IllegalArgumentException(
          "position table has " + table.length + " values, expected (1 + " + from + "^2) x " + dim);
    }
    float[] out = new float[(1 + to * to) * dim];
    System.arraycopy(table, 0, out, 0, dim);
    double scale = from / (double) to;
    for (int row = 0; row < to; row++) {
      double sy = Math.max(0, (row + 0.5) * scale - 0.5);
      int y0 = Math.min((int) Math.floor(sy), from - 1);
      int y1 = Math.min(y0 + 1, from - 1);
      double wy = sy - y0;
      for (int col = 0; col < to; col++) {
        double sx = Math.max(0, (col + 0.5) * scale - 0.5);
        int x0 = Math.min((int) Math.floor(sx), from - 1);
        int x1 = Math.min(x0 + 1, from - 1);
        double wx = sx - x0;
        int dst = (1 + row * to + col) * dim;
        int a = (1 + y0 * from + x0) * dim;
        int b = (1 + y0 * from + x1) * dim;
        int c = (1 + y1 * from + x0) * dim;
        int d = (1 + y1 * from + x1) * dim;
        for (int k = 0; k < dim; k++) {
          double top = table[a + k] * (1 - wx) + table[b + k] * wx;
          double bottom = table[c + k] * (1 - wx) + table[d + k] * wx;
          out[dst + k] = (float) (top * (1 - wy) + bottom * wy);
        }
      }
    }
    return out;
  }
}
