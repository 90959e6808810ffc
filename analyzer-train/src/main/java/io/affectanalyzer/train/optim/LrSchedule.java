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

  /**
   * The schedule of a run of {@code epochs} epochs of {@code stepsPerEpoch} steps that starts, or
   * resumes, after {@code doneEpochs} epochs and {@code doneSteps} steps. A run continued on more
   * faces per epoch than it had (a warm restart onto a larger set) keeps its step count, so the
   * cosine's length is the steps taken plus the steps left: it reaches {@code minLr} at the last
   * epoch either way.
   */
  public static LrSchedule forRun(
      double baseLr,
      double minLr,
      double warmupEpochs,
      long stepsPerEpoch,
      int epochs,
      int doneEpochs,
      long doneSteps) {
    long total = Math.max(1, doneSteps + stepsPerEpoch * Math.max(0, epochs - doneEpochs));
    long warmup = Math.min(total, Math.round(warmupEpochs * stepsPerEpoch));
    return new LrSchedule(baseLr, Math.min(minLr, baseLr), warmup, total);
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
