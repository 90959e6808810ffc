package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.output.CsvResultWriter;
import io.affectanalyzer.runtime.testing.CliRun;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyzer run --smooth} on the real clip with the shipped model, against the raw output.
 */
class RunCommandSmoothingTest {
  @TempDir Path dir;

  /** The first face of each record, or null for a record without an analysed one. */
  private static List<JsonNode> firstFaces(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode faces = json.readTree(line).get("faces");
      out.add(faces.size() > 0 && faces.get(0).has("expr") ? faces.get(0) : null);
    }
    return out;
  }

  private static float[] probabilities(JsonNode expr) {
    float[] p = new float[ModelContract.EXPRESSION_NAMES.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) expr.get(ModelContract.EXPRESSION_NAMES.get(i)).asDouble();
    }
    return p;
  }

  /** Label changes and summed total-variation steps between consecutive analysed frames. */
  private static double[] jitter(List<JsonNode> faces, String field) {
    double changes = 0;
    double steps = 0;
    for (int i = 1; i < faces.size(); i++) {
      if (faces.get(i) == null || faces.get(i - 1) == null) {
        continue;
      }
      float[] a = probabilities(faces.get(i - 1).get(field));
      float[] b = probabilities(faces.get(i).get(field));
      changes += ModelContract.expressionIndex(a) != ModelContract.expressionIndex(b) ? 1 : 0;
      for (int k = 0; k < a.length; k++) {
        steps += Math.abs(a[k] - b[k]) / 2;
      }
    }
    return new double[] {changes, steps};
  }

  /**
   * Runs the shipped model on {@code video} with {@code --smooth none} and with the default,
   * writing {@code none.EXT} and {@code smoothed.EXT}; returns the two files.
   */
  private Path[] noneAndDefault(String video, String ext) {
    Path input = SharedData.require(video);
    assumeTrue(ShippedModels.defaultModel() != null, "skipped: no shipped model in models/");
    Path none = dir.resolve("none." + ext);
    Path smoothed = dir.resolve("smoothed." + ext);
    CliRun a =
        CliRun.run("--input", input.toString(), "--smooth", "none", "--out", none.toString());
    assertEquals(0, a.code(), a.stderr());
    CliRun b = CliRun.run("--input", input.toString(), "--out", smoothed.toString());
    assertEquals(0, b.code(), b.stderr());
    return new Path[] {none, smoothed};
  }

  @Test
  void shouldSteadyTheExpressionsOfTheClipAndKeepTheRawOnesAsNoneWritesThem() throws Exception {
    Path[] files = noneAndDefault("videos/WolfgangLanger_Pexels.mp4", "jsonl");
    List<JsonNode> raw = firstFaces(files[0]);
    List<JsonNode> smooth = firstFaces(files[1]);
    assertEquals(raw.size(), smooth.size());
    long analysed = raw.stream().filter(f -> f != null).count();
    assertTrue(analysed >= 0.9 * raw.size(), analysed + " of " + raw.size() + " analysed");
    for (int i = 0; i < raw.size(); i++) {
      JsonNode r = raw.get(i);
      JsonNode s = smooth.get(i);
      assertEquals(r == null, s == null, "frame " + i);
      if (r == null) {
        continue;
      }
      for (String field : List.of("expr_raw", "au_raw", "valence_raw", "arousal_raw")) {
        assertFalse(r.has(field), "--smooth none writes no " + field);
      }
      assertEquals(r.get("expr"), s.get("expr_raw"), "frame " + i);
      assertEquals(r.get("au"), s.get("au_raw"), "frame " + i);
      assertEquals(r.get("valence"), s.get("valence_raw"), "frame " + i);
      assertEquals(r.get("arousal"), s.get("arousal_raw"), "frame " + i);
      assertEquals(r.get("track"), s.get("track"));
    }
    double[] before = jitter(smooth, "expr_raw");
    double[] after = jitter(smooth, "expr");
    assertTrue(
        after[0] < before[0], "label changes " + after[0] + " against " + before[0] + " raw");
    assertTrue(after[1] < before[1], "frame-to-frame change " + after[1] + " against " + before[1]);
  }

  @Test
  void shouldAddRawColumnsAtTheEndOfTheCsvOnlyWhenSmoothing() throws Exception {
    Path[] files = noneAndDefault("videos/single_face.mp4", "csv");
    Path none = files[0];
    Path smoothed = files[1];
    assertEquals(String.join(",", CsvResultWriter.columns()), Files.readAllLines(none).get(0));
    assertEquals(
        String.join(",", CsvResultWriter.columns(true)), Files.readAllLines(smoothed).get(0));
    assertEquals(Files.readAllLines(none).size(), Files.readAllLines(smoothed).size());
  }

  @Test
  void shouldRefuseASmoothingItCannotRead() {
    CliRun.run(
            "--input",
            dir.resolve("clip.mp4").toString(),
            "--smooth",
            "ema:2",
            "--out",
            dir.resolve("o.jsonl").toString())
        .assertRefused("--smooth ema:ALPHA");
  }
}
