package io.affectanalyzer.runtime.detect;

/**
 * MediaPipe's SSD anchor layout for the BlazeFace models (its {@code SsdAnchorsCalculator} with
 * {@code fixed_anchor_size: true}, one aspect ratio 1.0 and an interpolated scale): every layer
 * puts two anchors on each cell of its feature map, and consecutive layers with the same stride
 * share one map, so their anchors sit together cell by cell. Anchors are centres in [0, 1]; their
 * size is fixed at 1, so the raw box values are in input pixels.
 */
public final class SsdAnchors {
  /** Anchors per cell a single layer contributes (aspect ratio 1.0 plus the interpolated one). */
  private static final int ANCHORS_PER_LAYER = 2;

  private SsdAnchors() {}

  /**
   * Anchor centres {@code [cx0, cy0, cx1, cy1, ...]} in [0, 1], in the order the model emits them.
   *
   * @param inputSize square input side in pixels (128 or 256)
   * @param strides one stride per layer, e.g. {@code {8, 16, 16, 16}}
   * @param offset where in its cell an anchor sits (MediaPipe: 0.5)
   */
  public static float[] generate(int inputSize, int[] strides, float offset) {
    float[] out = new float[2 * count(inputSize, strides)];
    int n = 0;
    int layer = 0;
    while (layer < strides.length) {
      int stride = strides[layer];
      int sameStride = 0;
      while (layer + sameStride < strides.length && strides[layer + sameStride] == stride) {
        sameStride++;
      }
      int cells = (inputSize + stride - 1) / stride;
      int perCell = sameStride * ANCHORS_PER_LAYER;
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++) {
          float cx = (x + offset) / cells;
          float cy = (y + offset) / cells;
          for (int k = 0; k < perCell; k++) {
            out[n++] = cx;
            out[n++] = cy;
          }
        }
      }
      layer += sameStride;
    }
    return out;
  }

  /** How many anchors {@link #generate} yields (896 for both BlazeFace variants). */
  public static int count(int inputSize, int[] strides) {
    int total = 0;
    for (int stride : strides) {
      int cells = (inputSize + stride - 1) / stride;
      total += cells * cells * ANCHORS_PER_LAYER;
    }
    return total;
  }
}
