package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.DecodedMedia;
import io.affectanalyzer.runtime.testing.Ffprobe;
import io.affectanalyzer.runtime.testing.PixelDiff;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyzer run --annotate}: the annotated copies are written by the real FFmpeg and decoded
 * back (ffprobe, FFmpeg through JavaCV) to check their frames, rate and pixels.
 */
class RunAnnotateTest {
  /** Mean byte difference a drawn line makes at least, on a box edge after lossy coding. */
  private static final double DRAWN = 40;

  /** Mean byte difference H.264 or JPEG coding may make where nothing was drawn. */
  private static final double CODING = 6;

  @TempDir Path dir;
  private Path model;

  @BeforeEach
  void writeModel() throws IOException {
    model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
  }

  @Test
  void shouldWriteEveryFrameOfAVideoAtItsRateWithTheFacesDrawnOn() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path annotated = dir.resolve("single-annotated.mp4");
    Path out = dir.resolve("single.jsonl");
    CliRun run =
        CliRun.run("--input", video, "--model", model, "--out", out, "--annotate", annotated);
    assertEquals(0, run.code(), run.stderr());
    assertTrue(
        run.stderr().contains("into " + annotated + ": H.264 by ")
            || run.stderr().contains("into " + annotated + ": MPEG-4 part 2 by mpeg4"),
        "the codec is named: " + run.stderr());

    Ffprobe.VideoStream input = Ffprobe.videoStream(video);
    Ffprobe.VideoStream copy = Ffprobe.videoStream(annotated);
    assertEquals(input.frames(), copy.frames(), "every frame");
    assertEquals(input.rate(), copy.rate());
    assertEquals(input.width(), copy.width());
    assertEquals(input.height(), copy.height());

    List<JsonNode> records = records(out);
    int step = 6;
    List<Image> before = DecodedMedia.frames(video, step);
    List<Image> after = DecodedMedia.frames(annotated, step);
    assertEquals(before.size(), after.size());
    int withFace = 0;
    for (int k = 0; k < before.size(); k++) {
      JsonNode faces = records.get(k * step).get("faces");
      if (faces.isEmpty()) {
        continue;
      }
      withFace++;
      double[] box = box(faces.get(0));
      double edge = PixelDiff.mean(before.get(k), after.get(k), PixelDiff.outline(box));
      double far =
          PixelDiff.mean(
              before.get(k), after.get(k), PixelDiff.farFrom(box, input.width(), input.height()));
      assertTrue(edge > DRAWN, "frame " + k * step + ": the box is drawn, edge diff " + edge);
      assertTrue(far < CODING, "frame " + k * step + ": far from the face, diff " + far);
    }
    assertTrue(withFace >= before.size() / 2, withFace + " of " + before.size() + " with a face");
  }

  @Test
  void shouldWriteAnAnnotatedPictureForEachImageOfAFolder() throws Exception {
    Path photos = Files.createDirectory(dir.resolve("photos"));
    for (String name :
        List.of("single_face.jpg", "free-mountain-vector-01.jpg", "Image_with_alpha.png")) {
      Files.copy(SharedData.require("images/" + name), photos.resolve(name));
    }
    Path annotated = dir.resolve("annotated"); // not there yet: DIR/ is created
    Path out = dir.resolve("photos.jsonl");
    CliRun run =
        CliRun.run(
            "--input", photos, "--model", model, "--out", out, "--annotate", annotated + "/");
    assertEquals(0, run.code(), run.stderr());
    try (Stream<Path> files = Files.list(annotated)) {
      assertEquals(
          Set.of(
              "single_face-annotated.jpg",
              "free-mountain-vector-01-annotated.jpg",
              "Image_with_alpha-annotated.png"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    Map<String, JsonNode> byImage = new HashMap<>();
    records(out).forEach(r -> byImage.put(r.get("image").asText(), r));

    // A PNG stays lossless: the box is drawn, and far from it every byte is the input's.
    Image png = DecodedMedia.image(photos.resolve("Image_with_alpha.png"));
    Image pngCopy = DecodedMedia.image(annotated.resolve("Image_with_alpha-annotated.png"));
    double[] box = box(byImage.get("Image_with_alpha.png").get("faces").get(0));
    assertTrue(PixelDiff.mean(png, pngCopy, PixelDiff.outline(box)) > DRAWN);
    assertEquals(
        0, PixelDiff.mean(png, pngCopy, PixelDiff.farFrom(box, png.width(), png.height())));

    Image jpg = DecodedMedia.image(photos.resolve("single_face.jpg"));
    Image jpgCopy = DecodedMedia.image(annotated.resolve("single_face-annotated.jpg"));
    double[] face = box(byImage.get("single_face.jpg").get("faces").get(0));
    assertTrue(PixelDiff.mean(jpg, jpgCopy, PixelDiff.outline(face)) > DRAWN);

    // No face: written as it came, but for the JPEG coding.
    assertTrue(byImage.get("free-mountain-vector-01.jpg").get("faces").isEmpty());
    Image plain = DecodedMedia.image(photos.resolve("free-mountain-vector-01.jpg"));
    Image plainCopy =
        DecodedMedia.image(annotated.resolve("free-mountain-vector-01-annotated.jpg"));
    assertTrue(PixelDiff.mean(plain, plainCopy, PixelDiff.whole(plain)) < CODING);
  }

  @Test
  void shouldDrawOnlyBoxesAndLandmarksWithoutAModel() throws Exception {
    Path image = SharedData.require("images/Image_with_alpha.png");
    Path out = dir.resolve("bare.jsonl");
    Path bare = annotatedPng(image, "none", out);
    Path scored = annotatedPng(image, model, dir.resolve("scored.jsonl"));

    Image input = DecodedMedia.image(image);
    double[] box = box(records(out).get(0).get("faces").get(0));
    // Right of the box, clear of the ear landmarks: where the scores' panel goes.
    List<Rectangle> beside =
        List.of(
            new Rectangle(
                (int) (box[0] + box[2] + 40),
                (int) box[1] + 10,
                (int) box[2] / 4,
                (int) box[3] / 2));
    Image bareCopy = DecodedMedia.image(bare);
    assertTrue(PixelDiff.mean(input, bareCopy, PixelDiff.outline(box)) > DRAWN);
    assertEquals(0, PixelDiff.mean(input, bareCopy, beside), "nothing beside the box");
    assertTrue(PixelDiff.mean(input, DecodedMedia.image(scored), beside) > DRAWN, "the panel");
  }

  @Test
  void shouldRefuseAnAnnotatedVideoInAFolderThatDoesNotExist() {
    Path video = SharedData.require("videos/single_face.mp4");
    Path missing = dir.resolve("no-such-folder");
    assertRefused(
        "--annotate: no such folder: " + missing,
        "--input",
        video,
        "--annotate",
        missing.resolve("clip.mp4"));
    assertFalse(Files.exists(missing), "not created");
  }

  @Test
  void shouldRefuseAnAnnotateFolderThatCannotBeCreated() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path plain = Files.writeString(dir.resolve("plain.txt"), "a file, not a folder\n");
    assertRefused(
        "--annotate: cannot create folder", "--input", video, "--annotate", plain + "/sub/");
  }

  @Test
  void shouldRefuseOneAnnotatedFileForTwoInputsAndAnUnknownContainer() {
    Path a = SharedData.require("videos/single_face.mp4");
    Path b = SharedData.require("videos/two_faces.mp4");
    Path both = dir.resolve("both.mp4");
    assertRefused("FILE takes one input", "--input", a, "--input", b, "--annotate", both);
    assertRefused(
        "must end in .mp4, .mov, .mkv", "--input", a, "--annotate", dir.resolve("clip.avi"));
  }

  /**
   * A run stopped early (SIGTERM, which like Ctrl-C runs the shutdown hooks) drains what is in
   * flight and finishes the video: it decodes to exactly the frames recorded in the JSON Lines.
   */
  @Test
  void shouldFinishTheVideoOfARunStoppedEarly() throws Exception {
    Path video = SharedData.require("videos/WolfgangLanger_Pexels.mp4");
    long total = Ffprobe.countFrames(video);
    Path annotated = dir.resolve("stopped.mp4");
    Path out = dir.resolve("stopped.jsonl");
    Path log = dir.resolve("stderr.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AnalyzerCli.class.getName()));
    command.addAll(
        CliRun.commandLine(
            "--input", video, "--model", model, "--out", out, "--annotate", annotated));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (p.isAlive() && lines(out) < 48 && System.nanoTime() < giveUp) {
        Thread.sleep(20);
      }
      p.destroy();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the stopped run never exited");
    } finally {
      p.destroyForcibly();
    }
    String said = Files.readString(log);
    long recorded = lines(out);
    assumeTrue(recorded < total, "the run had ended before it could be stopped: " + said);
    assertTrue(recorded >= 48, said);
    assertEquals(recorded, Ffprobe.videoStream(annotated).frames(), said);
    assertTrue(said.contains("annotated " + video + ": " + recorded + " frames into "), said);
  }

  /** Runs one image with {@code model} and returns its annotated copy, a PNG beside {@code out}. */
  private Path annotatedPng(Path image, Object model, Path out) {
    Path copy = dir.resolve(out.getFileName() + ".png");
    CliRun run = CliRun.run("--input", image, "--model", model, "--out", out, "--annotate", copy);
    assertEquals(0, run.code(), run.stderr());
    return copy;
  }

  private void assertRefused(String mention, Object... args) {
    List<Object> all = new ArrayList<>(List.of(args));
    Path out = dir.resolve("refused.jsonl");
    all.addAll(List.of("--model", "none", "--out", out));
    CliRun run = CliRun.run(all.toArray());
    assertEquals(2, run.code(), run.stderr());
    assertEquals(1, run.errorLines().size(), run.stderr());
    assertTrue(run.errorLines().get(0).contains(mention), run.stderr());
    assertFalse(run.showsAStackTrace(), run.stderr());
    assertFalse(Files.exists(out), "no output begun");
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> s = Files.lines(file)) {
      return s.filter(l -> l.endsWith("}")).count();
    }
  }

  private static List<JsonNode> records(Path jsonl) throws IOException {
    try (MappingIterator<JsonNode> lines =
        new ObjectMapper().readerFor(JsonNode.class).readValues(jsonl.toFile())) {
      return lines.readAll();
    }
  }

  private static double[] box(JsonNode face) {
    JsonNode b = face.get("box");
    return new double[] {
      b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()
    };
  }
}
