package io.affectanalyzer.train.optim;

/**
 * Optimiser settings as a config file states them. {@code lr} is the base rate for a batch of
 * {@code 256} samples; the effective rate is scaled by {@code batch * accumulate / 256} as the MAE
 * and EMMA recipes do. Epoch counts are converted to steps by the trainer.
 */
public record OptimConfig(
    double lr,
    double minLr,
    double weightDecay,
    double layerDecay,
    double warmupEpochs,
    double clipNorm,
    int accumulate,
    double beta1,
    double beta2,
    double eps) {

  public OptimConfig {
    if (lr <= 0 || minLr < 0 || weightDecay < 0 || layerDecay <= 0 || layerDecay > 1) {
      throw new IllegalArgumentException(
          "optim: need lr > 0, minLr >= 0, weightDecay >= 0, layerDecay in (0, 1]");
    }
    if (accumulate < 1 || warmupEpochs < 0) {
      throw new IllegalArgumentException("optim: need accumulate >= 1 and warmupEpochs >= 0");
    }
  }

  /** The EMMA fine-tuning recipe (method notes). */
  public static OptimConfig emma() {
    return new OptimConfig(5e-4, 1e-6, 0.05, 0.65, 5, 0.05, 4, 0.9, 0.999, 1e-8);
  }

  public double scaledLr(int batchSize) {
    return lr * batchSize * accumulate / 256.0;
  }
}
