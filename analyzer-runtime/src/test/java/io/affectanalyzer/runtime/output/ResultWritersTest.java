package io.affectanalyzer.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWritersTest {
  @TempDir Path dir;

  private static final ModelSpec SPEC =
      new ModelSpec(
          112,
          true,
          new float[3],
          new float[] {1, 1, 1},
          Set.of("au", "expr", "va"),
          thresholds(),
          "category-prior",
          Map.of());

  private static float[] thresholds() {
    float[] t = new float[12];
    Arrays.fill(t, 0.5f);
    return t;
  }

  private static FaceResult face(int id, boolean analysed) {
    float[] kp = new float[12];
    for (int i = 0; i < 12; i++) {
      kp[i] = 10 + i;
    }
    kp[10] = Float.NaN; // a detector without ear points
    kp[11] = Float.NaN;
    float[] au = new float[12];
    au[6] = 0.9f; // AU12 on
    float[] expr = {0.1f, 0, 0, 0, 0.8f, 0.1f, 0, 0};
    AffectScores s = analysed ? new AffectScores(au, expr, new float[] {0.6f, -0.2f}) : null;
    return new FaceResult(id, new FaceDetection(5, 6, 50, 60, 0.95f, kp), analysed, s);
  }

  private static List<FrameResult> frames() {
    return List.of(
        new FrameResult("a.mp4", 0, 0, null, false, List.of(face(1, true), face(2, false))),
        new FrameResult("a.mp4", 1, 33, null, false, List.of()),
        new FrameResult("photos/", 7, 233, "b.jpg", true, List.of()));
  }

  @Test
  void shouldWriteOneJsonObjectPerFrameFlushedAsItGoes() throws Exception {
    Path file = dir.resolve("out.jsonl");
    ResultWriter w = OutputFormat.forPath(file).open(file, SPEC);
    w.write(frames().get(0));
    // Flushed per frame: the line is complete on disk before the writer is closed.
    JsonNode first = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
    assertEquals("a.mp4", first.get("stream").asText());
    JsonNode f = first.get("faces").get(0);
    assertEquals(1, f.get("track").asInt());
    assertEquals(4, f.get("box").size());
    assertEquals("happiness", f.get("expression").asText());
    assertEquals(0.9, f.get("au").get("AU12").asDouble(), 1e-6);
    assertEquals("AU12", f.get("au_active").get(0).asText());
    assertEquals(1, f.get("au_active").size());
    assertEquals(0.6, f.get("valence").asDouble(), 1e-6);
    assertEquals("category-prior", f.get("va_supervision").asText());
    assertFalse(f.get("landmarks").has("left_ear"), "NaN points are left out");
    assertTrue(f.get("landmarks").has("right_ear"));
    JsonNode small = first.get("faces").get(1);
    assertFalse(small.get("analysed").asBoolean());
    assertFalse(small.has("expr"));
    w.write(frames().get(1));
    w.write(frames().get(2));
    w.close();
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size());
    assertEquals(0, new ObjectMapper().readTree(lines.get(1)).get("faces").size());
    assertTrue(new ObjectMapper().readTree(lines.get(2)).get("dropped").asBoolean());
    assertEquals("b.jpg", new ObjectMapper().readTree(lines.get(2)).get("image").asText());
    assertFalse(first.has("image"));
  }

  @Test
  void shouldWriteOpenFaceStyleCsvWithARowForFramesWithoutFaces() throws Exception {
    Path file = dir.resolve("out.csv");
    try (ResultWriter w = OutputFormat.forPath(file).open(file, SPEC)) {
      for (FrameResult f : frames()) {
        w.write(f);
      }
    }
    CsvMapper mapper = new CsvMapper();
    List<Map<String, String>> rows;
    try (MappingIterator<Map<String, String>> it =
        mapper
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(file.toFile())) {
      rows = it.readAll();
    }
    assertEquals(4, rows.size()); // two faces, then one row per empty frame
    List<String> header = Arrays.asList(Files.readAllLines(file).get(0).split(","));
    assertEquals(
        List.of("frame", "face_id", "timestamp", "confidence", "success"), header.subList(0, 5));
    assertTrue(header.contains("AU01_c") && header.contains("AU26_c") && header.contains("AU12_p"));
    Map<String, String> first = rows.get(0);
    assertEquals("1", first.get("AU12_c"));
    assertEquals("0", first.get("AU01_c"));
    assertEquals("happiness", first.get("expression"));
    assertEquals("1", first.get("success"));
    assertEquals("1", rows.get(1).get("success"), "found");
    assertEquals("0", rows.get(1).get("analysed"), "but too small to analyse");
    assertEquals("", rows.get(1).get("AU12_c"));
    assertEquals("0", rows.get(2).get("success"));
    assertEquals("", rows.get(2).get("face_id"));
    assertEquals("0.033", rows.get(2).get("timestamp"));
    assertEquals("1", rows.get(3).get("dropped"));
    assertEquals("b.jpg", rows.get(3).get("image"));
  }

  /** Face 1 of frame 0, its scores smoothed: the raw ones say sadness, the smoothed happiness. */
  private static FrameResult smoothedFrame() {
    FaceResult f = face(1, true);
    float[] au = new float[12];
    au[6] = 0.3f;
    AffectScores raw =
        new AffectScores(au, new float[] {0.1f, 0, 0, 0, 0.2f, 0.7f, 0, 0}, new float[] {-0.5f, 0});
    return new FrameResult(
        "a.mp4",
        0,
        0,
        null,
        false,
        List.of(new FaceResult(1, f.detection(), true, f.scores(), raw), face(2, false)));
  }

  @Test
  void shouldWriteTheRawScoresBesideTheSmoothedOnesWhenTheFaceHasThem() throws Exception {
    Path file = dir.resolve("smoothed.jsonl");
    try (ResultWriter w = OutputFormat.forPath(file).open(file, SPEC, true)) {
      w.write(smoothedFrame());
      w.write(frames().get(0));
    }
    List<String> lines = Files.readAllLines(file);
    JsonNode f = new ObjectMapper().readTree(lines.get(0)).get("faces").get(0);
    assertEquals("happiness", f.get("expression").asText(), "the label of the smoothed scores");
    assertEquals(0.7, f.get("expr_raw").get("sadness").asDouble(), 1e-6);
    assertEquals(0.3, f.get("au_raw").get("AU12").asDouble(), 1e-6);
    assertEquals("AU12", f.get("au_active").get(0).asText(), "on by the smoothed 0.9");
    assertEquals(-0.5, f.get("valence_raw").asDouble(), 1e-6);
    assertEquals(0, f.get("arousal_raw").asDouble(), 1e-6);
    assertEquals(0.6, f.get("valence").asDouble(), 1e-6);
    assertFalse(new ObjectMapper().readTree(lines.get(0)).get("faces").get(1).has("expr_raw"));
    // A face without raw scores is written exactly as before.
    Path plain = dir.resolve("plain.jsonl");
    try (ResultWriter w = OutputFormat.forPath(plain).open(plain, SPEC)) {
      w.write(frames().get(0));
    }
    assertEquals(Files.readAllLines(plain).get(0), lines.get(1));
  }

  @Test
  void shouldPutTheRawScoresColumnsAfterAllTheOthersInCsv() throws Exception {
    Path file = dir.resolve("smoothed.csv");
    try (ResultWriter w = OutputFormat.forPath(file).open(file, SPEC, true)) {
      w.write(smoothedFrame());
    }
    List<String> header = Arrays.asList(Files.readAllLines(file).get(0).split(","));
    List<String> plain = CsvResultWriter.columns();
    assertEquals(plain, header.subList(0, plain.size()), "the columns without smoothing, in order");
    assertEquals(plain.size() + 12 + 8 + 2, header.size());
    assertEquals("AU01_p_raw", header.get(plain.size()));
    assertEquals("arousal_raw", header.get(header.size() - 1));
    Map<String, String> row;
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(file.toFile())) {
      row = it.next();
      assertEquals("", it.next().get("expr_sadness_raw"), "a face too small has none");
    }
    Map<String, String> expected =
        Map.of(
            "AU12_p_raw", "0.300",
            "AU12_p", "0.900",
            "expr_sadness_raw", "0.700",
            "expression", "happiness",
            "valence_raw", "-0.500",
            "va_supervision", "category-prior");
    expected.forEach((column, value) -> assertEquals(value, row.get(column), column));
    Path none = dir.resolve("none.csv");
    try (ResultWriter w = OutputFormat.forPath(none).open(none, SPEC, false)) {
      w.write(smoothedFrame());
    }
    assertEquals(String.join(",", plain), Files.readAllLines(none).get(0));
  }
}
