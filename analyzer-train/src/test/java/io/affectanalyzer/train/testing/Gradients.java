package io.affectanalyzer.train.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.affectanalyzer.train.optim.GradientClipper;
import java.util.List;

/** The overfit tests' guard against a rare non-finite gradient, as the project's AdamW has. */
public final class Gradients {
  private Gradients() {}

  /**
   * True, with every gradient zeroed, when the gradient is not finite: the caller skips its step.
   * Without it, one CI run in several ended at accuracy 0.000, a NaN gradient now and then (the
   * real runs' metrics count such {@code skipped_steps} too) having poisoned every weight.
   */
  public static boolean dropIfNotFinite(Block block) {
    List<NDArray> grads =
        block.getParameters().values().stream()
            .filter(Parameter::requiresGradient)
            .map(p -> p.getArray().getGradient())
            .toList();
    if (Double.isFinite(GradientClipper.globalNorm(grads))) {
      return false;
    }
    grads.forEach(g -> g.set(new NDIndex("..."), 0f)); // g - g would keep the NaNs
    return true;
  }
}
