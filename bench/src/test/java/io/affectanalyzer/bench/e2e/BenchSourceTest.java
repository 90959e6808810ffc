package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchSourceTest {
  @Test
  void shouldPlayAFileTwiceAsOneStreamWithRisingTimestamps() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    try (BenchSource s = new BenchSource(video, "twice", 2, false)) {
      assertFalse(s.live());
      s.start();
      long last = -1;
      long frames = 0;
      while (s.grab() != null) {
        assertTrue(s.timestampMillis() > last, "timestamps rise across the loop");
        last = s.timestampMillis();
        frames++;
      }
      assertEquals(2 * 72, frames);
      // Two plays of 72 frames at 30 fps: the last frame is due at about 4.77 s.
      assertEquals(143 * 1000.0 / 30, last, 40);
    }
  }

  @Test
  void shouldReportAPacedFileAsLive() {
    assertTrue(new BenchSource(Path.of("x.mp4"), "x", 1, true).live());
  }
}
