package io.affectanalyzer.train.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-epoch metrics of a run, appended to {@code metrics.jsonl} (one JSON object per epoch) and
 * {@code metrics.csv} (columns fixed by the first epoch), plus every optimiser step's loss in
 * {@code steps.csv} for the curves. A resumed run appends to the same files.
 */
public final class MetricsLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path jsonl;
  private final Path csv;
  private final Path steps;

  public MetricsLog(Path runDir) {
    this.jsonl = runDir.resolve("metrics.jsonl");
    this.csv = runDir.resolve("metrics.csv");
    this.steps = runDir.resolve("steps.csv");
  }

  public Path csv() {
    return csv;
  }

  public Path jsonl() {
    return jsonl;
  }

  public Path steps() {
    return steps;
  }

  public void step(long step, double lr, double loss) {
    if (!Files.exists(steps)) {
      append(steps, "step,lr,loss\n");
    }
    append(steps, String.format(Locale.ROOT, "%d,%.6g,%.6g%n", step, lr, loss));
  }

  /** Appends one epoch's row; {@code row} keeps its insertion order (epoch, step, lr, ...). */
  public void epoch(Map<String, Object> row) {
    try {
      append(jsonl, JSON.writeValueAsString(row) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.exists(csv)) {
      append(csv, String.join(",", row.keySet()) + "\n");
    }
    List<String> header = List.of(readLines(csv).get(0).split(","));
    List<String> cells = new ArrayList<>();
    for (String key : header) {
      Object v = row.get(key);
      cells.add(
          v == null
              ? ""
              : v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v.toString());
    }
    append(csv, String.join(",", cells) + "\n");
  }

  /** The epochs logged so far, as read back from {@code metrics.jsonl}. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> epochs() {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.exists(jsonl)) {
      return out;
    }
    for (String line : readLines(jsonl)) {
      if (!line.isBlank()) {
        try {
          out.add(JSON.readValue(line, LinkedHashMap.class));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  /** Every logged step as {@code [step, lr, loss]}. */
  public List<double[]> stepRows() {
    List<double[]> out = new ArrayList<>();
    if (!Files.exists(steps)) {
      return out;
    }
    List<String> lines = readLines(steps);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      out.add(
          new double[] {
            Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])
          });
    }
    return out;
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void append(Path p, String text) {
    try {
      Files.writeString(
          p, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
