package io.affectanalyzer.train.data;

import java.nio.file.Path;

/**
 * One face image on disk and its labels; the pixels are decoded when a batch is built. {@code
 * blurSigma} (pixels at the model's input size, 0 = none) low-passes a sharp source so that it
 * matches a blurred one it is trained with (see {@link GaussianBlur}).
 */
public record Sample(Path image, AffectLabels labels, double blurSigma) {
  public Sample {
    if (!(blurSigma >= 0)) {
      throw new IllegalArgumentException("blurSigma must be >= 0: " + blurSigma);
    }
  }

  public Sample(Path image, AffectLabels labels) {
    this(image, labels, 0);
  }

  public Sample withLabels(AffectLabels newLabels) {
    return new Sample(image, newLabels, blurSigma);
  }

  public Sample withBlur(double sigma) {
    return new Sample(image, labels, sigma);
  }
}
