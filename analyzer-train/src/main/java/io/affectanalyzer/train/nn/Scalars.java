package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant whose value the backward pass reads again ({@code x * c}, {@code x /
 * c}, {@code max(x, c)}). DJL's {@code x.mul(3f)} wraps the 3 in a tensor over a Java direct buffer
 * and closes it at once; the autograd graph keeps the tensor but not the buffer, so after a garbage
 * collection the backward pass reads freed memory (a gradient of -1e34 for {@code 3x}, now and then
 * NaN). These constants are allocated by the engine, which keeps them as long as the graph needs
 * them. Adding or subtracting a constant is safe with DJL's own methods: its gradient is 1.
 */
public final class Scalars {
  private Scalars() {}

  public static NDArray mul(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.mul(k);
    }
  }

  public static NDArray div(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.div(k);
    }
  }

  public static NDArray maximum(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.maximum(k);
    }
  }

  private static NDArray constant(NDArray like, float c) {
    return like.getManager().full(new Shape(), c, like.getDataType());
  }
}
