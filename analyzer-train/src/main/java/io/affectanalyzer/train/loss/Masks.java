package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import io.affectanalyzer.train.nn.Scalars;

/** Shared helpers for labels with "no label" sentinels. */
final class Masks {
  private Masks() {}

  /** Sum of {@code values * valid} over valid entries, 0 when none is valid (never NaN). */
  static NDArray maskedMean(NDArray values, NDArray valid) {
    float count = valid.sum().getFloat();
    NDArray total = values.mul(valid).sum();
    return count > 0 ? Scalars.div(total, count) : Scalars.mul(total, 0f);
  }
}
