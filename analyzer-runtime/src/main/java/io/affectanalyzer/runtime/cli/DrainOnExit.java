package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a run lasts: stop decoding, let what is in flight reach the output, and hold the JVM
 * (up to 15 s) until the run says it is done, so the files are closed whole.
 */
final class DrainOnExit implements AutoCloseable {
  private final Thread hook;

  DrainOnExit(Pipeline pipeline, CountDownLatch done) {
    hook =
        new Thread(
            () -> {
              pipeline.stop();
              try {
                done.await(15, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "drain-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it waits for this run to finish
    }
  }
}
