package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

class PixelCopyTest {
  /** A frame whose rows are padded: stride 3 * width + 7 bytes, padding filled with 0xEE. */
  private static Frame paddedFrame(int width, int height) {
    int stride = width * 3 + 7;
    Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3, stride);
    ByteBuffer buf = (ByteBuffer) f.image[0];
    for (int y = 0; y < height; y++) {
      for (int i = 0; i < stride; i++) {
        buf.put(y * stride + i, i < width * 3 ? (byte) (y * 31 + i) : (byte) 0xEE);
      }
    }
    return f;
  }

  @Test
  void shouldDropRowPaddingWhenStrideExceedsTheRow() {
    int width = 13;
    int height = 5;
    Frame f = paddedFrame(width, height);
    byte[] dst = new byte[width * height * 3 + 10];
    int used = PixelCopy.copy(f, dst);
    assertEquals(width * height * 3, used);
    for (int y = 0; y < height; y++) {
      for (int i = 0; i < width * 3; i++) {
        assertEquals((byte) (y * 31 + i), dst[y * width * 3 + i], "row " + y + " byte " + i);
      }
    }
    assertEquals(0, dst[used], "bytes past the image stay untouched");
  }

  @Test
  void shouldRefuseABufferTooSmall() {
    Frame f = paddedFrame(4, 4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PixelCopy.copy(f, new byte[47]));
    assertTrue(e.getMessage().contains("too small"), e.getMessage());
  }

  @Test
  void shouldMakeAnImageThatEqualsTheCopy() {
    Frame f = paddedFrame(9, 3);
    Image image = PixelCopy.toImage(f);
    byte[] dst = new byte[9 * 3 * 3];
    PixelCopy.copy(f, dst);
    assertEquals(9, image.width());
    assertEquals(3, image.height());
    assertArrayEquals(dst, image.bgr());
  }

  @Test
  void shouldCopyADecodedFrameCloseToWhatTheFfmpegCliDecodes() throws Exception {
    Path video = SharedData.require("videos/two_faces.mp4");
    byte[] reference = ffmpegFirstFrameBgr(video);
    try (VideoFileSource source = new VideoFileSource(video)) {
      source.start();
      Image image = PixelCopy.toImage(source.grab());
      assertEquals(reference.length, image.bgr().length);
      // Two FFmpeg versions may scale chroma a little differently; a wrong layout is far off.
      double sum = 0;
      for (int i = 0; i < reference.length; i++) {
        sum += Math.abs((reference[i] & 0xFF) - (image.bgr()[i] & 0xFF));
      }
      double meanAbs = sum / reference.length;
      assertTrue(meanAbs < 4.0, "mean absolute difference " + meanAbs);
    }
  }

  private static byte[] ffmpegFirstFrameBgr(Path video) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-v",
                "error",
                "-i",
                video.toString(),
                "-frames:v",
                "1",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "bgr24",
                "-")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffmpeg did not finish");
    assertEquals(0, p.exitValue(), "ffmpeg failed");
    return out.toByteArray();
  }
}
