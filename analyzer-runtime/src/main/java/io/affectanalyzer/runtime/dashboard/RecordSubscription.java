package io.affectanalyzer.runtime.dashboard;

import io.affectanalyzer.runtime.output.FrameResult;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of the record feed: the records not yet sent to it. The emit thread only offers, so a
 * slow client loses records (counted) instead of holding up the pipeline.
 */
final class RecordSubscription {
  private static final int QUEUE = 1024;

  private final BlockingQueue<FrameResult> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong lost = new AtomicLong();

  void offer(FrameResult frame) {
    if (!queue.offer(frame)) {
      lost.incrementAndGet();
    }
  }

  /** The next record, or null after {@code millis} without one. */
  FrameResult poll(long millis) throws InterruptedException {
    return queue.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Records this client missed because it read too slowly, since the last call. */
  long takeLost() {
    return lost.getAndSet(0);
  }
}
