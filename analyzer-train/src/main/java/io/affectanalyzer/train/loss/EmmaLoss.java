package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * EMMA's multi-task loss, all weights 1: expression CE + AU BCE + VA {@code 1 - CCC}. Labels {@code
 * NDList(expr, au, va)}, predictions {@code NDList(exprLogits, auLogits, va)}.
 */
public final class EmmaLoss extends Loss {
  private final AuBceLoss au;

  public EmmaLoss() {
    this(new AuBceLoss());
  }

  public EmmaLoss(AuBceLoss au) {
    super("emma");
    this.au = au;
  }

  /** The three terms and their sum, for logging. */
  public record Parts(NDArray expr, NDArray au, NDArray va, NDArray total) {}

  public Parts parts(NDList labels, NDList predictions) {
    NDArray e = ExprCeLoss.of(predictions.get(0), labels.get(0));
    NDArray a = au.of(predictions.get(1), labels.get(1));
    NDArray v = CccLoss.of(predictions.get(2), labels.get(2));
    return new Parts(e, a, v, e.add(a).add(v));
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return parts(labels, predictions).total();
  }
}
