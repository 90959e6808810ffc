package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An engine result belongs to the manager of its first operand, so an op that starts from a
 * parameter (slicing the position table, repeating the CLS token) would pile up in the model's
 * manager at every step. Moving such results to the batch's manager frees them with the batch.
 */
public final class Local {
  private Local() {}

  /** {@code derived}, now owned by {@code manager}. */
  public static NDArray attach(NDArray derived, NDManager manager) {
    derived.attach(manager);
    return derived;
  }
}
