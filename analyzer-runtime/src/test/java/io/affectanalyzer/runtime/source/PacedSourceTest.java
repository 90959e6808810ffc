package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/** {@code --realtime}: frames come at their presentation times, a jump in them is not waited. */
class PacedSourceTest {
  @Test
  void shouldHandOutEachFrameNoSoonerThanItsTime() throws Exception {
    PacedSource paced = new PacedSource(new Timestamps(1000, 1100, 1250));
    long start = System.nanoTime();
    int frames = 0;
    while (paced.grab() != null) {
      frames++;
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(3, frames);
    assertTrue(elapsedMillis >= 250, "the last frame is 250 ms after the first: " + elapsedMillis);
  }

  @Test
  void shouldNotWaitForAJumpInTheTimestamps() throws Exception {
    PacedSource paced = new PacedSource(new Timestamps(0, 3_600_000));
    paced.grab();
    long start = System.nanoTime();
    paced.grab();
    assertTrue(System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1), "an hour is not waited");
    assertNull(paced.grab());
  }

  /** Empty frames at the given presentation times. */
  private static final class Timestamps implements FrameSource {
    private final long[] pts;
    private int next;

    Timestamps(long... pts) {
      this.pts = pts;
    }

    @Override
    public Frame grab() {
      return next < pts.length ? nextFrame() : null;
    }

    private Frame nextFrame() {
      next++;
      return new Frame();
    }

    @Override
    public long timestampMillis() {
      return pts[next - 1];
    }

    @Override
    public String name() {
      return "timestamps";
    }

    @Override
    public boolean live() {
      return false;
    }

    @Override
    public long frameCountHint() {
      return pts.length;
    }

    @Override
    public void start() {}

    @Override
    public String endReason() {
      return null;
    }

    @Override
    public void close() {}
  }
}
