package io.affectanalyzer.bench.e2e;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's sample on its own daemon thread at a fixed period, so a probe left open never
 * keeps the harness's JVM alive.
 */
final class DaemonSampler implements AutoCloseable {
  private final ScheduledExecutorService timer;

  DaemonSampler(String threadName, long initialDelayMillis, long periodMillis, Runnable sample) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(sample, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops sampling; a sample under way is interrupted. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
