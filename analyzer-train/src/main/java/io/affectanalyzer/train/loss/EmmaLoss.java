package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.affectanalyzer.train.nn.Scalars;

/**
 * EMMA's multi-task loss, all weights 1: expression CE + AU BCE + VA {@code 1 - CCC}; with a
 * distillation weight, plus that weight times the {@link Distillation} of the frozen DAN's
 * expression logits into the ViT's. Labels {@code NDList(expr, au, va)}, predictions {@code
 * NDList(exprLogits, auLogits, va, danLogits)}.
 */
public final class EmmaLoss extends Loss {
  private final AuBceLoss au;
  private final float distill;

  public EmmaLoss() {
    this(new AuBceLoss(), 0f);
  }

  public EmmaLoss(AuBceLoss au) {
    this(au, 0f);
  }

  /**
   * @param distill weight of the DAN-to-ViT distillation term; 0 leaves the paper's loss
   */
  public EmmaLoss(AuBceLoss au, float distill) {
    super("emma");
    if (!(distill >= 0)) {
      throw new IllegalArgumentException("EMMA distillation weight must be >= 0, got " + distill);
    }
    this.au = au;
    this.distill = distill;
  }

  /** The terms and their sum, for logging; {@code distill} is null at weight 0. */
  public record Parts(NDArray expr, NDArray au, NDArray va, NDArray distill, NDArray total) {}

  public Parts parts(NDList labels, NDList predictions) {
    NDArray e = ExprCeLoss.of(predictions.get(0), labels.get(0));
    NDArray a = au.of(predictions.get(1), labels.get(1));
    NDArray v = CccLoss.of(predictions.get(2), labels.get(2));
    NDArray total = e.add(a).add(v);
    NDArray d = null;
    if (distill > 0) {
      d = Distillation.of(predictions.get(0), predictions.get(3));
      total = total.add(Scalars.mul(d, distill));
    }
    return new Parts(e, a, v, d, total);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return parts(labels, predictions).total();
  }
}
