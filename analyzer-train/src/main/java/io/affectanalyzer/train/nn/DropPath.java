package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Stochastic depth: in training, zeroes a residual branch for a random subset of samples (rate) and
 * rescales the rest by {@code 1 / (1 - rate)}; the identity in inference. It has no parameters, so
 * it is a plain helper rather than a block.
 */
public final class DropPath {
  private final float rate;

  public DropPath(float rate) {
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  public float rate() {
    return rate;
  }

  /** {@code branch} is {@code [N, ...]}; one keep/drop draw per sample. */
  public NDArray apply(NDArray branch, boolean training) {
    if (!training || rate == 0f) {
      return branch;
    }
    Shape shape = branch.getShape();
    long[] maskDims = new long[shape.dimension()];
    java.util.Arrays.fill(maskDims, 1);
    maskDims[0] = shape.get(0);
    float keep = 1f - rate;
    NDArray mask =
        branch
            .getManager()
            .randomUniform(0f, 1f, new Shape(maskDims))
            .lt(keep)
            .toType(branch.getDataType(), false)
            .div(keep);
    return branch.mul(mask);
  }
}
