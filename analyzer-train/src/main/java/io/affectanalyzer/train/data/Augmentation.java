package io.affectanalyzer.train.data;

/**
 * Training-time augmentation settings. {@code cropScaleMin} is the smallest area fraction of a
 * random resized crop (1 = no crop); colour jitter applies with probability {@code jitterP},
 * drawing brightness, contrast and saturation factors from {@code [1 - x, 1 + x]}. {@code
 * rotateDeg} rotates by up to that many degrees either way about the crop's centre (the runtime's
 * aligner levels the eyes, but its landmarks are off by a few degrees on small faces); {@code
 * eraseP} is the probability of greying out one random rectangle of 2-20% of the face (occlusion by
 * hands, glasses, hair).
 */
public record Augmentation(
    double cropScaleMin,
    double flipP,
    double jitterP,
    double brightness,
    double contrast,
    double saturation,
    double greyP,
    double rotateDeg,
    double eraseP) {

  public Augmentation {
    if (cropScaleMin <= 0 || cropScaleMin > 1) {
      throw new IllegalArgumentException("cropScaleMin must lie in (0, 1]: " + cropScaleMin);
    }
    if (rotateDeg < 0 || rotateDeg > 45) {
      throw new IllegalArgumentException("rotateDeg must lie in [0, 45]: " + rotateDeg);
    }
    for (double p : new double[] {flipP, jitterP, greyP, eraseP}) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("probabilities must lie in [0, 1]: " + p);
      }
    }
  }

  public static Augmentation none() {
    return new Augmentation(1, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The EMMA recipe: crop, flip, colour jitter (0.4, 0.4, 0.4) with p 0.2. */
  public static Augmentation emma() {
    return new Augmentation(0.8, 0.5, 0.2, 0.4, 0.4, 0.4, 0, 0, 0);
  }
}
