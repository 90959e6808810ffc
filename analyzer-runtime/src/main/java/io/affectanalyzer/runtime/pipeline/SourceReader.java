package io.affectanalyzer.runtime.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.PixelCopy;
import io.affectanalyzer.runtime.source.SourceException;
import org.bytedeco.javacv.Frame;

/**
 * Decodes one source on its own thread and publishes its frames, then one END event. A file's
 * frames go straight into the ring, waiting for room (backpressure: none is lost). A live source
 * never waits: frames go through a {@link LiveFrameQueue} that drops the oldest under load, and a
 * second thread forwards them into the ring.
 */
final class SourceReader {
  private final int stream;
  private final FrameSource source;
  private final RingBuffer<FrameEvent> ring;
  private final HandoffWaitStrategy handoff;
  private final LiveFrameQueue queue;
  private volatile boolean stopRequested;
  private Thread decoder;
  private Thread forwarder;

  SourceReader(
      int stream,
      FrameSource source,
      RingBuffer<FrameEvent> ring,
      HandoffWaitStrategy handoff,
      int liveQueue) {
    this.stream = stream;
    this.source = source;
    this.ring = ring;
    this.handoff = handoff;
    this.queue = source.live() ? new LiveFrameQueue(liveQueue) : null;
  }

  void start() {
    decoder = new Thread(this::decode, "decode-" + stream);
    decoder.setDaemon(true);
    if (queue != null) {
      forwarder = new Thread(this::forward, "forward-" + stream);
      forwarder.setDaemon(true);
      forwarder.start();
    }
    decoder.start();
  }

  /** Asks the decoder to stop after the frame it is on; the END event still goes out. */
  void stop() {
    stopRequested = true;
  }

  void join() throws InterruptedException {
    decoder.join();
  }

  private void decode() {
    long n = 0;
    String reason = null;
    try {
      Frame frame;
      while (!stopRequested && (frame = source.grab()) != null) {
        long captured = System.nanoTime();
        if (frame.image == null) {
          continue; // audio or data: not a picture
        }
        if (queue != null) {
          byte[] pixels = new byte[frame.imageWidth * frame.imageHeight * 3];
          PixelCopy.copy(frame, pixels);
          queue.offer(
              new LiveFrameQueue.LiveFrame(
                  n,
                  source.timestampMillis(),
                  captured,
                  frame.imageWidth,
                  frame.imageHeight,
                  pixels));
        } else {
          publishFrame(frame, n, captured);
        }
        n++;
      }
      reason = source.endReason();
    } catch (SourceException e) {
      reason = e.getMessage();
    } catch (RuntimeException e) {
      reason = "decoding failed: " + e;
    } finally {
      source.close();
      if (queue != null) {
        queue.close();
        joinQuietly(forwarder);
      }
      publishEnd(n, reason);
    }
  }

  private void publishFrame(Frame frame, long index, long captured) {
    long seq = claim();
    try {
      FrameEvent e = ring.get(seq);
      e.reset(FrameEvent.Kind.FRAME, stream, index, source.timestampMillis(), captured);
      e.width = frame.imageWidth;
      e.height = frame.imageHeight;
      e.label = source.frameLabel();
      PixelCopy.copy(frame, e.pixels(e.width * e.height * 3));
    } finally {
      ring.publish(seq);
    }
  }

  private void forward() {
    try {
      LiveFrameQueue.LiveFrame f;
      while ((f = queue.take()) != null) {
        long seq = claim();
        try {
          FrameEvent e = ring.get(seq);
          boolean dropped = f.pixels() == null;
          e.reset(
              dropped ? FrameEvent.Kind.DROPPED : FrameEvent.Kind.FRAME,
              stream,
              f.frame(),
              f.ptsMillis(),
              f.captureNanos());
          if (!dropped) {
            e.width = f.width();
            e.height = f.height();
            e.pixels = f.pixels(); // the queue's copy is handed over, not copied again
          }
        } finally {
          ring.publish(seq);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void publishEnd(long frames, String reason) {
    long seq = claim();
    try {
      FrameEvent e = ring.get(seq);
      e.reset(FrameEvent.Kind.END, stream, frames, 0, System.nanoTime());
      e.endReason = reason;
    } finally {
      ring.publish(seq);
    }
  }

  /** The next ring slot, sleeping while the ring is full (Disruptor's own wait for room spins). */
  private long claim() {
    try {
      handoff.awaitRoom(ring);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the frame still goes out: no frame of a file is lost
    }
    return ring.next();
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
