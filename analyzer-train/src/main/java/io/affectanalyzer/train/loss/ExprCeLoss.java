package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Expression cross-entropy on logits {@code [N, C]} and int64 labels {@code [N]}; label -1 means
 * "no label" and contributes nothing. Mean over the labelled rows, 0 when there are none.
 */
public final class ExprCeLoss extends Loss {
  public ExprCeLoss() {
    super("expr_ce");
  }

  /** Labels: {@code NDList(expr, ...)}; predictions: {@code NDList(logits, ...)}. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return of(predictions.get(0), labels.get(0));
  }

  public static NDArray of(NDArray logits, NDArray labels) {
    long classes = logits.getShape().get(1);
    NDArray y = labels.toType(DataType.INT64, false);
    NDArray valid = y.gte(0).toType(DataType.FLOAT32, false); // [N]
    NDArray oneHot = y.clip(0, classes - 1).oneHot((int) classes).toType(DataType.FLOAT32, false);
    NDArray nll = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg(); // [N]
    return Masks.maskedMean(nll, valid);
  }
}
