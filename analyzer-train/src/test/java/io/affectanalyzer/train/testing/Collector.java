package io.affectanalyzer.train.testing;

/** Runs the garbage collector the way a busy training JVM does between forward and backward. */
public final class Collector {
  private Collector() {}

  /** Collects, then waits for the cleaner thread to free what was collected; three times. */
  public static void collectAndFree() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
