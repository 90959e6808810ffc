package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.Ffprobe;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyzer run} end to end: real decoding, detection, a real ONNX Runtime session. */
class RunCommandTest {
  @TempDir Path dir;
  private Path model;
  private String stderr;

  @BeforeEach
  void writeModel() throws IOException {
    model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
  }

  private int run(String... args) {
    CliRun run = CliRun.run(args);
    stderr = run.stderr();
    return run.code();
  }

  private static List<JsonNode> records(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      out.add(json.readTree(line));
    }
    return out;
  }

  private List<String> errorLines() {
    return stderr.lines().filter(l -> l.startsWith("error:")).toList();
  }

  private void assertNoStackTrace() {
    assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
  }

  @Test
  void shouldWriteOneRecordPerDecodedFrameInOrderForEverySampleVideo() throws Exception {
    Path videos = SharedData.require("videos");
    List<Path> files;
    try (Stream<Path> s = Files.list(videos)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path video : files) {
      Path out = dir.resolve(video.getFileName() + ".jsonl");
      assertEquals(
          0,
          run("--input", video.toString(), "--model", model.toString(), "--out", out.toString()),
          stderr);
      List<JsonNode> recs = records(out);
      assertEquals(Ffprobe.countFrames(video), recs.size(), video.toString());
      long lastPts = -1;
      for (int i = 0; i < recs.size(); i++) {
        assertEquals(i, recs.get(i).get("frame").asLong());
        assertTrue(recs.get(i).get("pts_ms").asLong() >= lastPts);
        lastPts = recs.get(i).get("pts_ms").asLong();
      }
    }
  }

  @Test
  void shouldAnalyseTheFaceOfEveryFrameWithTheModelsStreams() throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path out = dir.resolve("single.jsonl");
    assertEquals(
        0,
        run("--input", video.toString(), "--model", model.toString(), "--out", out.toString()),
        stderr);
    List<JsonNode> recs = records(out);
    long withFace = recs.stream().filter(r -> r.get("faces").size() > 0).count();
    assertTrue(withFace >= 0.95 * recs.size(), withFace + " of " + recs.size());
    JsonNode face =
        recs.stream().filter(r -> r.get("faces").size() > 0).findFirst().get().get("faces").get(0);
    assertTrue(face.get("analysed").asBoolean());
    assertEquals(12, face.get("au").size());
    assertEquals(8, face.get("expr").size());
    assertTrue(face.has("valence") && face.has("arousal"));
    assertEquals("category-prior", face.get("va_supervision").asText());
    // One face moving a little keeps one track id.
    assertEquals(
        1,
        recs.stream()
            .filter(r -> r.get("faces").size() > 0)
            .map(r -> r.get("faces").get(0).get("track").asInt())
            .distinct()
            .count());
    assertTrue(stderr.contains("frames/s"), "summary line: " + stderr);
  }

  @Test
  void shouldRunDetectionOnlyAndSaySoWithoutAModel() throws Exception {
    Path image = SharedData.require("images/multi_face.jpg");
    Path out = dir.resolve("multi.jsonl");
    assertEquals(
        0, run("--input", image.toString(), "--model", "none", "--out", out.toString()), stderr);
    List<JsonNode> recs = records(out);
    assertEquals(1, recs.size());
    assertEquals("multi_face.jpg", recs.get(0).get("image").asText());
    assertTrue(recs.get(0).get("faces").size() >= 2, recs.get(0).toString());
    JsonNode face = recs.get(0).get("faces").get(0);
    assertFalse(face.has("expr"));
    assertFalse(face.get("analysed").asBoolean());
    assertEquals(1, stderr.lines().filter(l -> l.contains("detection and alignment only")).count());
  }

  @Test
  void shouldKeepTheStreamsOfAMultiInputRunApartAndComplete() throws Exception {
    Path a = SharedData.require("videos/single_face.mp4");
    Path b = SharedData.require("videos/two_faces.mp4");
    Path out = dir.resolve("both.csv");
    Path jsonl = dir.resolve("both.jsonl");
    assertEquals(
        0,
        run(
            "--input",
            a.toString(),
            "--input",
            b.toString(),
            "--model",
            model.toString(),
            "--out",
            jsonl.toString()),
        stderr);
    Map<String, List<Long>> frames = new HashMap<>();
    for (JsonNode r : records(jsonl)) {
      frames
          .computeIfAbsent(r.get("stream").asText(), k -> new ArrayList<>())
          .add(r.get("frame").asLong());
    }
    assertEquals(2, frames.size());
    for (Path p : List.of(a, b)) {
      List<Long> got = frames.get(p.toString());
      assertEquals(Ffprobe.countFrames(p), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(i, got.get(i));
      }
    }
    assertEquals(
        0,
        run("--input", b.toString(), "--model", model.toString(), "--out", out.toString()),
        stderr);
    List<String> csv = Files.readAllLines(out);
    assertTrue(csv.get(0).startsWith("frame,face_id,timestamp,confidence,success"));
    assertTrue(csv.size() - 1 >= Ffprobe.countFrames(b), "a row per face, at least one per frame");
  }

  @Test
  void shouldExitWithOneErrorLineForAMissingFile() {
    assertEquals(
        2,
        run(
            "--input",
            dir.resolve("nope.mp4").toString(),
            "--out",
            dir.resolve("o.jsonl").toString()));
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains("nope.mp4"));
    assertNoStackTrace();
  }

  /**
   * Runs the clip with {@code options} and checks the run is refused as bad input: exit 2, one
   * error line that mentions {@code mention}, no stack trace.
   */
  private void assertRefused(String mention, String... options) {
    List<String> args = new ArrayList<>(List.of("--input", dir.resolve("clip.mp4").toString()));
    args.addAll(List.of(options));
    args.addAll(List.of("--out", dir.resolve("o.jsonl").toString()));
    assertEquals(2, run(args.toArray(String[]::new)));
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains(mention), stderr);
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseADetectEveryBelowOne() {
    assertRefused("--detect-every", "--detect-every", "0");
  }

  @Test
  void shouldRefuseADetectEveryMaxBelowDetectEvery() {
    assertRefused("--detect-every-max (4)", "--detect-every", "8", "--detect-every-max", "4");
  }

  @Test
  void shouldRefuseANegativeStillReuse() {
    assertRefused("--still-reuse", "--still-reuse", "-1");
  }

  @Test
  void shouldRefuseAnUnknownPinning() {
    assertRefused("--pin-inference must be auto, always or off", "--pin-inference", "sometimes");
  }

  @Test
  void shouldExitWithOneErrorLineForATextFileNamedMp4() throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.mp4"), "this is not a video\n");
    assertEquals(2, run("--input", fake.toString(), "--out", dir.resolve("o.jsonl").toString()));
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains("fake.mp4"));
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseAModelWithTheWrongInputShape() throws Exception {
    TinyModels.Spec spec = new TinyModels.Spec();
    spec.channels = 1;
    Path bad = TinyModels.write(dir.resolve("gray.onnx"), spec);
    Path video = SharedData.require("videos/single_face.mp4");
    assertEquals(
        2,
        run(
            "--input",
            video.toString(),
            "--model",
            bad.toString(),
            "--out",
            dir.resolve("o.jsonl").toString()));
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains("input 'faces' must be"), stderr);
    assertNoStackTrace();
  }

  @Test
  void shouldExitWithOneErrorLineForAnUnreachableStream() {
    int code =
        run(
            "--input",
            "rtsp://127.0.0.1:9/nothing",
            "--connect-timeout-ms",
            "1500",
            "--out",
            dir.resolve("o.jsonl").toString());
    assertEquals(2, code, stderr);
    assertEquals(1, errorLines().size(), stderr);
    assertNoStackTrace();
  }

  @Test
  void shouldKeepTheFramesBeforeTheDamageOfATruncatedVideo() throws Exception {
    Path video = SharedData.require("videos/WolfgangLanger_Pexels.mp4");
    byte[] bytes = Files.readAllBytes(video);
    Path cut = dir.resolve("cut.mp4");
    // Keep the header (moov atom) but lose the end of the media data.
    Files.write(cut, java.util.Arrays.copyOf(bytes, (int) (bytes.length * 0.6)));
    Path out = dir.resolve("cut.jsonl");
    int code = run("--input", cut.toString(), "--model", model.toString(), "--out", out.toString());
    List<JsonNode> recs = records(out);
    assertTrue(recs.size() > 0, stderr);
    assertTrue(recs.size() < Ffprobe.countFrames(video));
    for (int i = 0; i < recs.size(); i++) {
      assertEquals(i, recs.get(i).get("frame").asLong());
    }
    assertEquals(3, code, stderr);
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains("cut.mp4"), stderr);
    assertNoStackTrace();
  }

  @Test
  void shouldSayThatTheShippedModelScoresEachFaceAndItsMirrorImageAndNotOtherwise()
      throws Exception {
    Path shipped = ShippedModels.defaultModel();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        shipped != null, "the shipped model is not beside this module");
    Path image = SharedData.require("images/single_face.jpg");
    Path out = dir.resolve("still.jsonl");
    assertEquals(
        0,
        run("--input", image.toString(), "--model", shipped.toString(), "--out", out.toString()),
        stderr);
    assertTrue(stderr.contains("it scores each face and its mirror image"), stderr);
    assertFalse(stderr.contains("blurs each face"), stderr); // trained on sharp faces
    assertEquals(1, records(out).size());
    assertEquals(
        0,
        run(
            "--input",
            image.toString(),
            "--model",
            model.toString(),
            "--out",
            dir.resolve("tiny.jsonl").toString()),
        stderr);
    assertFalse(stderr.contains("its mirror image"), stderr);
  }
}
