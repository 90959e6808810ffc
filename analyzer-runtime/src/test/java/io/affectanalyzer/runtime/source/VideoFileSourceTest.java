package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.Ffprobe;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFileSourceTest {
  @TempDir Path tmp;

  /** Frames counted by the grab loop, and whether timestamps never went back. */
  private record Run(long frames, boolean monotonic, int width, int height) {}

  private static Run drain(FrameSource source) throws SourceException {
    long frames = 0;
    long last = Long.MIN_VALUE;
    boolean monotonic = true;
    int width = 0;
    int height = 0;
    Frame f;
    while ((f = source.grab()) != null) {
      frames++;
      monotonic &= source.timestampMillis() >= last;
      last = source.timestampMillis();
      width = f.imageWidth;
      height = f.imageHeight;
      assertEquals(3, f.imageChannels, "BGR24 has 3 channels");
    }
    return new Run(frames, monotonic, width, height);
  }

  @Test
  void shouldReturnAsManyFramesAsFfprobeCountsForEverySharedVideo() throws Exception {
    Path dir = SharedData.require("videos");
    List<Path> videos;
    try (Stream<Path> files = Files.list(dir)) {
      videos = files.filter(Files::isRegularFile).sorted().toList();
    }
    assertFalse(videos.isEmpty(), "no video in " + dir);
    for (Path video : videos) {
      long expected = Ffprobe.countFrames(video);
      try (VideoFileSource source = new VideoFileSource(video)) {
        source.start();
        assertFalse(source.live());
        Run run = drain(source);
        assertEquals(expected, run.frames(), "frames of " + video.getFileName());
        // The container's count may include a few frames its edit list hides.
        long hint = source.frameCountHint();
        assertTrue(
            Math.abs(hint - expected) <= Math.max(3, expected / 20),
            "count hint " + hint + " vs " + expected + " of " + video.getFileName());
        assertTrue(run.monotonic(), "timestamps went back in " + video.getFileName());
        assertNull(source.endReason(), "an intact file ends normally: " + video.getFileName());
        assertNull(source.grab(), "stays ended");
      }
    }
  }

  @Test
  void shouldKeepTheFramesBeforeTheCutOfATruncatedFile() throws Exception {
    Path original = SharedData.require("videos/single_face.mp4");
    // The shared file keeps its index (moov) at the end; move it to the front so a cut file
    // still opens and the damage falls after the first frames, as in a half-copied download.
    Path faststart = tmp.resolve("faststart.mp4");
    run(
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-i",
        original.toString(),
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        faststart.toString());
    long full = Ffprobe.countFrames(faststart);
    Path cut = cutAt(faststart, 0.6, "cut.mp4");

    try (VideoFileSource source = new VideoFileSource(cut)) {
      source.start();
      Run run = drain(source);
      assertTrue(run.frames() > 0, "frames before the cut come out");
      assertTrue(run.frames() < full, run.frames() + " frames of " + full);
      assertEquals(640, run.width());
      assertTrue(run.monotonic());
      assertNotNull(source.endReason(), "the short count is reported");
      assertTrue(source.endReason().startsWith("file truncated"), source.endReason());
      assertTrue(
          source.endReason().endsWith("ended after " + run.frames() + " frames"),
          source.endReason());
    }
  }

  @Test
  void shouldEndWithAReasonWhenTheMiddleOfTheFileIsGarbage() throws Exception {
    Path original = SharedData.require("videos/single_face.mp4");
    long full = Ffprobe.countFrames(original);
    byte[] bytes = Files.readAllBytes(original);
    Random random = new Random(1);
    for (int i = (int) (bytes.length * 0.3); i < bytes.length * 0.5; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    Path damaged = tmp.resolve("garbage.mp4");
    Files.write(damaged, bytes);

    try (VideoFileSource source = new VideoFileSource(damaged)) {
      source.start();
      Run run = drain(source);
      assertTrue(run.frames() > 0 && run.frames() < full, run.frames() + " of " + full);
      assertNotNull(source.endReason(), "lost pictures are reported");
      assertTrue(source.endReason().startsWith("file damaged: decoded " + run.frames()));
    }
  }

  @Test
  void shouldFailWithOneLineWhenTheIndexIsCutOff() throws Exception {
    Path cut = cutAt(SharedData.require("videos/single_face.mp4"), 0.6, "cut_index.mp4");
    SourceException e = assertThrows(SourceException.class, () -> startAndClose(cut));
    assertOneLineNaming(e, cut);
    assertTrue(e.getMessage().startsWith("not a video FFmpeg can read: "), e.getMessage());
  }

  @Test
  void shouldRefuseATextFileNamedMp4WithOneLineNamingIt() throws Exception {
    Path text = tmp.resolve("notes.mp4");
    Files.writeString(text, "this is not a video\n".repeat(50), StandardCharsets.UTF_8);
    SourceException e = assertThrows(SourceException.class, () -> startAndClose(text));
    assertOneLineNaming(e, text);
    assertTrue(e.getMessage().startsWith("not a video FFmpeg can read: "), e.getMessage());
    assertTrue(e.getMessage().contains("(Invalid data"), e.getMessage());
  }

  @Test
  void shouldRefuseAMissingFileWithOneLineNamingIt() {
    Path missing = tmp.resolve("nowhere.mp4");
    SourceException e = assertThrows(SourceException.class, () -> startAndClose(missing));
    assertEquals("no such file: " + missing, e.getMessage());
  }

  private static void startAndClose(Path file) throws SourceException {
    try (VideoFileSource source = new VideoFileSource(file)) {
      source.start();
    }
  }

  static void assertOneLineNaming(SourceException e, Path path) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().contains(path.toString()), "names the path: " + e.getMessage());
  }

  private Path cutAt(Path file, double fraction, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve(name);
    Files.write(cut, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    return cut;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
