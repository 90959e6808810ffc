package io.affectanalyzer.train.optim;

/**
 * Linear warm-up to the base rate over {@code warmupSteps}, then half a cosine down to {@code
 * minLr} at {@code totalSteps}; steps are counted from 0 (optimiser updates, not micro-batches).
 */
public record LrSchedule(double baseLr, double minLr, long warmupSteps, long totalSteps) {
  public LrSchedule {
    if (baseLr <= 0 || minLr < 0 || minLr > baseLr) {
      throw new IllegalArgumentException("need 0 <= minLr <= baseLr and baseLr > 0");
    }
    if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 0 <= warmupSteps <= totalSteps, totalSteps >= 1");
    }
  }

  public double lrAt(long step) {
    if (step < warmupSteps) {
      return baseLr * (step + 1) / warmupSteps;
    }
    long span = totalSteps - warmupSteps;
    if (span <= 0 || step >= totalSteps) {
      return minLr;
    }
    double progress = (double) (step - warmupSteps) / span;
    return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
