package io.affectanalyzer.runtime.pipeline;

import java.util.ArrayDeque;

/**
 * Between a live decoder and the ring: {@link #offer} never blocks; when {@code capacity} frames
 * are already waiting, the oldest waiting frame loses its pixels and becomes a "dropped" marker,
 * which still reaches the output as a record. Markers are always older than the frames that wait,
 * so they are kept in their own queue and handed out first.
 */
final class LiveFrameQueue {
  /** A frame copied off the decoder; {@code pixels} is null for a dropped one. */
  record LiveFrame(
      long frame, long ptsMillis, long captureNanos, int width, int height, byte[] pixels) {}

  private final int capacity;
  private final ArrayDeque<LiveFrame> dropped = new ArrayDeque<>();
  private final ArrayDeque<LiveFrame> waiting = new ArrayDeque<>();
  private boolean closed;

  LiveFrameQueue(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  synchronized void offer(LiveFrame frame) {
    if (waiting.size() == capacity) {
      LiveFrame oldest = waiting.pollFirst();
      dropped.addLast(
          new LiveFrame(oldest.frame(), oldest.ptsMillis(), oldest.captureNanos(), 0, 0, null));
    }
    waiting.addLast(frame);
    notifyAll();
  }

  /** No more frames will be offered; {@link #take} returns null once the queue is empty. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** The next frame in decode order, waiting for one; null when closed and empty. */
  synchronized LiveFrame take() throws InterruptedException {
    while (dropped.isEmpty() && waiting.isEmpty()) {
      if (closed) {
        return null;
      }
      wait();
    }
    return !dropped.isEmpty() ? dropped.pollFirst() : waiting.pollFirst();
  }
}
