package io.affectanalyzer.train.data;

/**
 * Training-time augmentation settings. {@code cropScaleMin} is the smallest area fraction of a
 * random resized crop (1 = no crop); colour jitter applies with probability {@code jitterP},
 * drawing brightness, contrast and saturation factors from {@code [1 - x, 1 + x]}.
 */
public record Augmentation(
    double cropScaleMin,
    double flipP,
    double jitterP,
    double brightness,
    double contrast,
    double saturation,
    double greyP) {

  public Augmentation {
    if (cropScaleMin <= 0 || cropScaleMin > 1) {
      throw new IllegalArgumentException("cropScaleMin must lie in (0, 1]: " + cropScaleMin);
    }
    for (double p : new double[] {flipP, jitterP, greyP}) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("probabilities must lie in [0, 1]: " + p);
      }
    }
  }

  public static Augmentation none() {
    return new Augmentation(1, 0, 0, 0, 0, 0, 0);
  }

  /** The EMMA recipe: crop, flip, colour jitter (0.4, 0.4, 0.4) with p 0.2. */
  public static Augmentation emma() {
    return new Augmentation(0.8, 0.5, 0.2, 0.4, 0.4, 0.4, 0);
  }
}
