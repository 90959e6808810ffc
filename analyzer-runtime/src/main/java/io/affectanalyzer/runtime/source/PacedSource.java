package io.affectanalyzer.runtime.source;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.Frame;

/**
 * A source read at its own frame rate, as a camera delivers it: each frame comes no sooner than its
 * presentation time after the first one's. For watching a file on the dashboard, or trying a live
 * setup with a file. It stays what it wraps otherwise: a file still has every frame analysed.
 */
public final class PacedSource implements FrameSource {
  /** A longer wait than this is a jump in the timestamps, not a frame interval: not waited for. */
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final FrameSource source;
  private long startNanos = -1;
  private long firstPtsMillis;

  public PacedSource(FrameSource source) {
    this.source = source;
  }

  @Override
  public Frame grab() throws SourceException {
    Frame frame = source.grab();
    if (frame == null) {
      return null;
    }
    long pts = source.timestampMillis();
    long now = System.nanoTime();
    if (startNanos < 0) {
      startNanos = now;
      firstPtsMillis = pts;
      return frame;
    }
    long wait = startNanos + TimeUnit.MILLISECONDS.toNanos(pts - firstPtsMillis) - now;
    if (wait > MAX_WAIT_NANOS) {
      startNanos -= wait; // later frames keep the pace from here
    } else if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return frame;
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public boolean live() {
    return source.live();
  }

  @Override
  public boolean continuous() {
    return source.continuous();
  }

  @Override
  public long frameCountHint() {
    return source.frameCountHint();
  }

  @Override
  public double frameRate() {
    return source.frameRate();
  }

  @Override
  public void start() throws SourceException {
    source.start();
  }

  @Override
  public long timestampMillis() {
    return source.timestampMillis();
  }

  @Override
  public String frameLabel() {
    return source.frameLabel();
  }

  @Override
  public String endReason() {
    return source.endReason();
  }

  @Override
  public void close() {
    source.close();
  }
}
