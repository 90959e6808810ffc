package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.affectanalyzer.train.nn.Scalars;
import java.util.List;

/**
 * AU binary cross-entropy on logits {@code [N, 12]} with per-AU positive weights; label -1 is "no
 * label" (masked out), 0 a valid negative. Mean over the valid entries, 0 when there are none.
 */
public final class AuBceLoss extends Loss {
  /** The reference positive weights, in {@code ModelContract.AU_NAMES} order (method notes). */
  public static final float[] REFERENCE_POS_WEIGHTS = {
    7.10f, 15.64f, 5.47f, 2.80f, 1.52f, 1.89f, 3.05f, 34.05f, 32.48f, 36.77f, 0.58f, 11.16f
  };

  /** Cap on a weight from label counts: an AU seen once must not dominate the loss. */
  static final float MAX_POS_WEIGHT = 50f;

  private final float[] posWeights;

  /**
   * Positive weights from the labels a model trains on: negatives over positives per AU (rows
   * labelled -1 left out), the usual choice for BCE on imbalanced labels, capped at {@value
   * #MAX_POS_WEIGHT}; 1 for an AU with no positive or no negative label.
   *
   * @param labels per sample, the AU labels (null or all -1 for a sample without AUs)
   */
  public static float[] posWeightsOf(List<float[]> labels, int aus) {
    long[] pos = new long[aus];
    long[] neg = new long[aus];
    for (float[] row : labels) {
      for (int a = 0; row != null && a < aus; a++) {
        if (row[a] > 0.5f) {
          pos[a]++;
        } else if (row[a] >= 0) {
          neg[a]++;
        }
      }
    }
    float[] w = new float[aus];
    for (int a = 0; a < aus; a++) {
      w[a] = pos[a] == 0 || neg[a] == 0 ? 1f : Math.min(MAX_POS_WEIGHT, (float) neg[a] / pos[a]);
    }
    return w;
  }

  public AuBceLoss() {
    this(REFERENCE_POS_WEIGHTS);
  }

  public AuBceLoss(float[] posWeights) {
    super("au_bce");
    this.posWeights = posWeights.clone();
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return of(predictions.get(1), labels.get(1));
  }

  /** Predictions and labels are the AU arrays themselves. */
  public NDArray of(NDArray logits, NDArray labels) {
    long aus = logits.getShape().get(1);
    if (aus != posWeights.length) {
      throw new IllegalArgumentException(
          "AU logits have " + aus + " columns, positive weights " + posWeights.length);
    }
    NDArray valid = labels.gte(0f).toType(DataType.FLOAT32, false);
    NDArray y = labels.clip(0f, 1f);
    NDArray pw = logits.getManager().create(posWeights, new Shape(1, aus));
    // Stable BCE with pos weight: (1 - y) x + (1 + (pw - 1) y) softplus(-x).
    NDArray softplusNeg =
        Scalars.maximum(logits.neg(), 0f).add(logits.abs().neg().exp().add(1f).log());
    NDArray weight = pw.sub(1f).mul(y).add(1f);
    NDArray loss = y.neg().add(1f).mul(logits).add(weight.mul(softplusNeg));
    return Masks.maskedMean(loss, valid);
  }
}
