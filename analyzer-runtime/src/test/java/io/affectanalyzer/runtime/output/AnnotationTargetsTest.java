package io.affectanalyzer.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.ImageSource;
import io.affectanalyzer.runtime.source.VideoFileSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code --annotate DIR/} puts each input's copy, and the targets it refuses. */
class AnnotationTargetsTest {
  @TempDir Path dir;

  @Test
  void shouldNameACopyAfterItsInput() {
    Map.of(
            "videos/clip.mp4", "clip",
            "rtsp://cam.local/live?token=1", "live",
            "rtsp://cam.local:8554", "cam.local_8554",
            "/dev/video0", "video0",
            "my clip.mov", "my_clip")
        .forEach((input, stem) -> assertEquals(stem, AnnotationTargets.stem(input), input));
    Map.of("a.jpg", "a-annotated.jpg", "b.JPEG", "b-annotated.JPEG", "c.webp", "c-annotated.png")
        .forEach((image, copy) -> assertEquals(copy, AnnotatedImageFiles.annotatedName(image)));
  }

  @Test
  void shouldPutAVideoAndAnImageIntoTheFolderUnderTheirOwnNames() {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    List<FrameSource> sources =
        List.of(new VideoFileSource(Path.of("a/clip.mp4")), new ImageSource(Path.of("b/face.jpg")));
    Map<String, AnnotationSink> sinks =
        AnnotationTargets.open(
            dir + "/", sources, new PrintStream(said, true, StandardCharsets.UTF_8));
    assertInstanceOf(AnnotatedVideoWriter.class, sinks.get("a/clip.mp4"));
    assertInstanceOf(AnnotatedImageFiles.class, sinks.get("b/face.jpg"));
    String lines = said.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("into " + dir.resolve("clip-annotated.mp4") + ": "), lines);
    assertTrue(lines.contains("into " + dir.resolve("face-annotated.jpg")), lines);
  }

  @Test
  void shouldRefuseTwoInputsWhoseCopiesWouldShareAName() {
    List<FrameSource> sources =
        List.of(
            new VideoFileSource(Path.of("x/clip.mp4")), new VideoFileSource(Path.of("y/clip.mp4")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AnnotationTargets.open(
                    dir + "/", sources, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("would both be annotated into"), e.getMessage());
  }

  @Test
  void shouldRefuseAnImageFolderIntoOneFile() {
    List<FrameSource> sources = List.of(new ImageSource(dir));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AnnotationTargets.open(
                    dir.resolve("all.png").toString(),
                    sources,
                    new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("--annotate DIR/"), e.getMessage());
  }
}
