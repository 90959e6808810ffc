package io.affectanalyzer.runtime.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.model.ModelContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One face's scores over time, read from an {@code analyzer run} JSON Lines file: per scored frame
 * the time, the 8 expression probabilities and valence/arousal. Frames where the face is absent or
 * was not scored are skipped, so gaps show as gaps.
 *
 * @param seconds presentation time of each point
 * @param expr per point, the 8 probabilities in {@link ModelContract#EXPRESSION_NAMES} order
 * @param va per point, valence and arousal (NaN when the model has no VA head)
 * @param frames records read (all frames of the stream, scored or not)
 */
public record Timeline(List<Double> seconds, List<float[]> expr, List<float[]> va, int frames) {

  /** Thrown for a line that is not an analyzer record; the message names file and line. */
  public static final class FormatException extends Exception {
    FormatException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code file}. {@code stream} (null: the first stream) picks one input of a multi-input
   * run; {@code track} (null: per frame the largest face) picks one tracked face.
   */
  public static Timeline read(Path file, String stream, Integer track)
      throws IOException, FormatException {
    ObjectMapper mapper = new ObjectMapper();
    List<Double> t = new ArrayList<>();
    List<float[]> expr = new ArrayList<>();
    List<float[]> va = new ArrayList<>();
    String wanted = stream;
    int frames = 0;
    int lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode rec;
        try {
          rec = mapper.readTree(line);
        } catch (JsonProcessingException e) {
          throw new FormatException(file + ":" + lineNo + ": not a JSON record");
        }
        if (!rec.has("pts_ms") || !rec.path("faces").isArray()) {
          throw new FormatException(
              file + ":" + lineNo + ": not an analyzer record (no pts_ms/faces)");
        }
        String s = rec.path("stream").asText("");
        if (wanted == null) {
          wanted = s;
        }
        if (!wanted.equals(s)) {
          continue;
        }
        frames++;
        JsonNode face = pick(rec.get("faces"), track);
        if (face == null || !face.path("expr").isObject()) {
          continue;
        }
        float[] p = new float[ModelContract.EXPRESSION_NAMES.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = (float) face.get("expr").path(ModelContract.EXPRESSION_NAMES.get(i)).asDouble();
        }
        t.add(rec.get("pts_ms").asDouble() / 1000.0);
        expr.add(p);
        va.add(
            new float[] {
              (float) face.path("valence").asDouble(Double.NaN),
              (float) face.path("arousal").asDouble(Double.NaN)
            });
      }
    }
    return new Timeline(t, expr, va, frames);
  }

  private static JsonNode pick(JsonNode faces, Integer track) {
    JsonNode best = null;
    double bestArea = -1;
    for (JsonNode f : faces) {
      if (track != null) {
        if (f.path("track").asInt(-1) == track) {
          return f;
        }
        continue;
      }
      JsonNode box = f.path("box");
      double area = box.path(2).asDouble() * box.path(3).asDouble();
      if (area > bestArea) {
        bestArea = area;
        best = f;
      }
    }
    return best;
  }

  /** Points where the expression label (argmax) is each class, in class order. */
  public Map<String, Integer> labelCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : ModelContract.EXPRESSION_NAMES) {
      counts.put(name, 0);
    }
    for (float[] p : expr) {
      counts.merge(ModelContract.expressionLabel(p), 1, Integer::sum);
    }
    return counts;
  }

  /** How often the label changes between consecutive scored points. */
  public int labelChanges() {
    int changes = 0;
    for (int i = 1; i < expr.size(); i++) {
      if (ModelContract.expressionIndex(expr.get(i))
          != ModelContract.expressionIndex(expr.get(i - 1))) {
        changes++;
      }
    }
    return changes;
  }
}
