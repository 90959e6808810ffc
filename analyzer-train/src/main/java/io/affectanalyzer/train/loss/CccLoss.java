package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.affectanalyzer.train.nn.Scalars;

/**
 * Valence/arousal loss: the sum over the columns of {@code [N, 2]} of {@code 1 - CCC}, rows whose
 * label is -5 masked per column. A column with fewer than two labelled rows contributes 0.
 */
public final class CccLoss extends Loss {
  public static final float NO_LABEL = -5f;
  private static final float EPS = 1e-4f;

  public CccLoss() {
    super("va_ccc");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return of(predictions.get(2), labels.get(2));
  }

  public static NDArray of(NDArray pred, NDArray labels) {
    NDArray total = Scalars.mul(pred.sum(), 0f);
    long columns = pred.getShape().get(1);
    for (int c = 0; c < columns; c++) {
      NDArray p = pred.get(":, " + c);
      NDArray y = labels.get(":, " + c);
      NDArray valid = y.gt(NO_LABEL + 0.5f).toType(DataType.FLOAT32, false);
      float n = valid.sum().getFloat();
      if (n < 2) {
        continue;
      }
      NDArray yv = y.mul(valid);
      NDArray meanP = Scalars.div(p.mul(valid).sum(), n);
      NDArray meanY = yv.sum().div(n);
      NDArray dp = p.sub(meanP).mul(valid);
      NDArray dy = yv.sub(meanY).mul(valid);
      NDArray varP = Scalars.div(dp.square().sum(), n);
      NDArray varY = dy.square().sum().div(n);
      NDArray cov = Scalars.div(dp.mul(dy).sum(), n);
      NDArray ccc =
          Scalars.mul(cov, 2f).div(varP.add(varY).add(meanP.sub(meanY).square()).add(EPS));
      total = total.add(ccc.neg().add(1f));
    }
    return total;
  }
}
