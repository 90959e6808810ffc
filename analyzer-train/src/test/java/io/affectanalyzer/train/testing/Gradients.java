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
   * One CI run in several once ended at accuracy 0.000 from such a step (freed constants read by
   * the backward pass, fixed by {@code nn.Scalars}); the guard stays, as in the real AdamW.
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
