package io.affectanalyzer.train.trainer;

/** The loss stopped being finite too often to go on; the last checkpoint is still good. */
public final class TrainingDiverged extends RuntimeException {
  public TrainingDiverged(String message) {
    super(message);
  }
}
