package io.affectanalyzer.runtime.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stage that throws on one frame must not stall the ring: the first error and the count are kept,
 * and the frame passes on unscored.
 */
final class StageFailures implements ExceptionHandler<FrameEvent> {
  private final AtomicReference<Throwable> first = new AtomicReference<>();
  private final AtomicInteger count = new AtomicInteger();

  Throwable first() {
    return first.get();
  }

  int count() {
    return count.get();
  }

  @Override
  public void handleEventException(Throwable ex, long sequence, FrameEvent event) {
    first.compareAndSet(null, ex);
    count.incrementAndGet();
  }

  @Override
  public void handleOnStartException(Throwable ex) {
    first.compareAndSet(null, ex);
  }

  @Override
  public void handleOnShutdownException(Throwable ex) {
    first.compareAndSet(null, ex);
  }
}
