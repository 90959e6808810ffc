package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.affectanalyzer.train.nn.Scalars;

/**
 * Jensen-Shannon divergence between the softmaxes of two logit arrays {@code [N, C]}: {@code (KL(p1
 * || m) + KL(p2 || m)) / 2}, {@code m = (p1 + p2) / 2}, averaged over rows (natural log).
 */
public final class JsDivergence extends Loss {
  public JsDivergence() {
    super("js");
  }

  /** Predictions {@code NDList(logits1, logits2)}; labels unused. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return of(predictions.get(0), predictions.get(1));
  }

  public static NDArray of(NDArray logits1, NDArray logits2) {
    NDArray logP1 = logits1.logSoftmax(1);
    NDArray logP2 = logits2.logSoftmax(1);
    NDArray p1 = logP1.exp();
    NDArray p2 = logP2.exp();
    NDArray logM = Scalars.maximum(Scalars.mul(p1.add(p2), 0.5f), 1e-12f).log();
    NDArray kl1 = p1.mul(logP1.sub(logM)).sum(new int[] {1});
    NDArray kl2 = p2.mul(logP2.sub(logM)).sum(new int[] {1});
    return Scalars.mul(kl1.add(kl2), 0.5f).mean();
  }
}
