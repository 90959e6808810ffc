package io.affectanalyzer.train.export;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.trainer.DataSource;
import java.nio.file.Path;
import java.util.List;

/**
 * The share of each expression in a model's training data, and the logit offsets that take it out
 * (post-hoc logit adjustment, Menon et al., ICLR 2021): {@code tau ln(p_max / p_c)} for class
 * {@code c}. At {@code tau} 1 the model answers as if every class it learnt were equally common,
 * which is what macro F1 rewards; FER2013 has 16 times as many happy faces as disgusted ones, and a
 * user's video has its own mix. A class under {@link #MIN_SHARE} of the labelled faces gets no
 * lift: the model's estimate of it rests on too few faces (the CK+ training subjects' 30 contempt
 * faces as "other" would be lifted by e^5.5), and a class absent from the data was never learnt.
 */
public final class ClassPrior {
  public static final double MIN_SHARE = 0.01;

  private ClassPrior() {}

  /** Labelled faces per expression class, repeats counted, as the trainer sees them. */
  public static long[] counts(List<DataSource> train, Path base) {
    long[] n = new long[ModelContract.EXPRESSION_NAMES.size()];
    for (DataSource source : train) {
      List<Sample> samples;
      try {
        samples = source.load(base);
      } catch (DataFormatException e) {
        throw new DataFormatException(
            "the class prior is counted over the training data, and "
                + source.describe()
                + " cannot be read: "
                + e.getMessage());
      }
      for (Sample s : samples) {
        if (s.labels().hasExpr()) {
          n[s.labels().expr()]++;
        }
      }
    }
    return n;
  }

  /** Offsets to add to the logits, 0 for the most common class, never negative. */
  public static float[] logitBias(long[] counts, double tau) {
    if (!(tau >= 0)) {
      throw new IllegalArgumentException("the prior correction must be >= 0, got " + tau);
    }
    long max = 0;
    long total = 0;
    for (long c : counts) {
      max = Math.max(max, c);
      total += c;
    }
    if (max == 0) {
      throw new IllegalArgumentException("the training data has no expression labels");
    }
    float[] bias = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      boolean trusted = counts[c] > 0 && counts[c] >= MIN_SHARE * total;
      bias[c] = trusted ? (float) (tau * Math.log((double) max / counts[c])) : 0f;
    }
    return bias;
  }
}
