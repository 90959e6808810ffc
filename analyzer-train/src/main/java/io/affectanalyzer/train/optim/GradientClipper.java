package io.affectanalyzer.train.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Clipping by global norm: all gradients scaled together so their joint L2 norm is at most max. */
public final class GradientClipper {
  private GradientClipper() {}

  public static double globalNorm(List<NDArray> gradients) {
    double sum = 0;
    for (NDArray g : gradients) {
      sum += g.square().sum().getFloat();
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales the gradients in place when their global norm exceeds {@code maxNorm} (0 or less: no
   * clipping). Returns the norm before clipping, which the metrics log records.
   */
  public static double clip(List<NDArray> gradients, double maxNorm) {
    double norm = globalNorm(gradients);
    if (maxNorm > 0 && norm > maxNorm) {
      float factor = (float) (maxNorm / (norm + 1e-6));
      for (NDArray g : gradients) {
        g.muli(factor);
      }
    }
    return norm;
  }
}
