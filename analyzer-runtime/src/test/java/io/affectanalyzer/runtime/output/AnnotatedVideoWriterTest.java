package io.affectanalyzer.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.Ffprobe;
import io.affectanalyzer.runtime.testing.PixelDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder with the real FFmpeg: written files decoded back by ffprobe and JavaCV. */
class AnnotatedVideoWriterTest {
  private static final int W = 160;
  private static final int H = 120;

  @TempDir Path dir;

  /** A gradient that moves with {@code k}, so every frame differs from the last. */
  private static Image picture(int k) {
    byte[] bgr = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int i = (y * W + x) * 3;
        bgr[i] = (byte) (x + 8 * k);
        bgr[i + 1] = (byte) (y + 8 * k);
        bgr[i + 2] = (byte) (40 * k);
      }
    }
    return new Image(W, H, bgr);
  }

  private static FrameResult frame(long n) {
    return new FrameResult("live", n, n * 33, null, false, List.of());
  }

  @Test
  void shouldRepeatTheLastPictureForDroppedFramesSoTheCopyKeepsItsLength() throws Exception {
    Path file = dir.resolve("live.mp4");
    try (AnnotatedVideoWriter w =
        new AnnotatedVideoWriter(file, 30, AnnotatedVideoWriter.Codec.best())) {
      w.write(frame(0), null); // dropped before any picture: shows the first one
      w.write(frame(1), picture(1));
      w.write(frame(2), null); // dropped: shows picture 1 again
      w.write(frame(3), picture(3));
    }
    Ffprobe.VideoStream stream = Ffprobe.videoStream(file);
    assertEquals(4, stream.frames());
    assertEquals("30/1", stream.rate());
    List<Image> got = DecodedMedia.frames(file, 1);
    Image one = picture(1);
    for (int i : new int[] {0, 1, 2}) {
      assertTrue(PixelDiff.mean(one, got.get(i), PixelDiff.whole(one)) < 6, "frame " + i);
    }
    assertTrue(PixelDiff.mean(one, got.get(3), PixelDiff.whole(one)) > 20, "frame 3 is new");
  }

  /** What a run killed outright leaves: the file as it is on disk before close. */
  @Test
  void shouldLeaveAPlayableFileBeforeItIsClosed() throws Exception {
    Path file = dir.resolve("open.mp4");
    Path snapshot = dir.resolve("killed.mp4");
    try (AnnotatedVideoWriter w =
        new AnnotatedVideoWriter(file, 30, AnnotatedVideoWriter.Codec.best())) {
      for (int k = 0; k < 90; k++) {
        w.write(frame(k), picture(k));
      }
      Files.copy(file, snapshot);
    }
    long playable = Ffprobe.videoStream(snapshot).frames();
    assertTrue(playable >= 30 && playable < 90, playable + " frames play before close");
    assertEquals(90, Ffprobe.videoStream(file).frames());
  }
}
