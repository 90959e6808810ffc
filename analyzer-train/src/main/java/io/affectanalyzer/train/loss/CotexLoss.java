package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.affectanalyzer.train.nn.Scalars;

/**
 * Masked CoTEX loss: {@code CE(view 1) + CE(view 2) + lambda * JS(p1, p2)}. Labels {@code
 * NDList(expr, ...)}, predictions {@code NDList(logits1, logits2)}. The JS term uses every row,
 * labelled or not: agreement between the views needs no label.
 */
public final class CotexLoss extends Loss {
  private final float lambda;

  public CotexLoss(float lambda) {
    super("cotex");
    if (lambda < 0) {
      throw new IllegalArgumentException("CoTEX lambda must be >= 0, got " + lambda);
    }
    this.lambda = lambda;
  }

  public float lambda() {
    return lambda;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray y = labels.get(0);
    NDArray ce1 = ExprCeLoss.of(predictions.get(0), y);
    NDArray ce2 = ExprCeLoss.of(predictions.get(1), y);
    NDArray js = JsDivergence.of(predictions.get(0), predictions.get(1));
    return ce1.add(ce2).add(Scalars.mul(js, lambda));
  }
}
