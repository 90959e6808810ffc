package io.affectanalyzer.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.cli.AnalyzerCli;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.track.Smoothing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --smooth} does to the expressions users get: runs {@code analyzer run} on one video
 * once per setting and reports, for the first analysed face of each frame, label changes per 100
 * frames, the mean frame-to-frame change of the expression probabilities (total variation), and how
 * many frames later than the raw label the smoothed one settles on each lasting change (the raw
 * label switching to one it then keeps for at least {@value #LASTING} frames). Writes {@code
 * smoothing.md} and each run's records into a folder.
 *
 * <pre>
 * java -cp bench/target/bench.jar io.affectanalyzer.bench.e2e.SmoothingReport --out DIR
 *     [--input ../shared/data/videos/WolfgangLanger_Pexels.mp4] [--model FILE.onnx]
 *     [--settings none,ema:0.5,one-euro,...]
 * </pre>
 */
public final class SmoothingReport {
  static final String USAGE =
      "usage: SmoothingReport --out DIR [--input VIDEO] [--model FILE.onnx] [--settings S,S,...]";

  /** Frames a raw label must then hold for its change to count as real (half a second). */
  static final int LASTING = 12;

  private static final List<String> DEFAULT_SETTINGS =
      List.of(
          "none",
          "ema:0.5",
          "ema:0.3",
          "ema:0.2",
          "one-euro:1:0",
          "one-euro:1:1",
          "one-euro:0.5:3",
          "one-euro:0.5:10");

  /** One setting's figures. */
  record Row(
      String setting,
      long frames,
      double labelChangesPer100,
      double exprStep,
      long happinessFrom,
      long happinessLag,
      double meanLag,
      int lastingChanges,
      int neverSettled,
      boolean rawMatchesNone) {}

  private SmoothingReport() {}

  public static void main(String[] args) throws Exception {
    Path out = null;
    Path input = Path.of("../shared/data/videos/WolfgangLanger_Pexels.mp4");
    String model = null;
    List<String> settings = DEFAULT_SETTINGS;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--out" -> out = Path.of(value);
        case "--input" -> input = Path.of(value);
        case "--model" -> model = value;
        case "--settings" -> settings = Arrays.asList(value.split(","));
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
      i++;
    }
    if (out == null || !settings.contains("none")) {
      System.err.println(USAGE + " (the settings must include none)");
      System.exit(2);
    }
    Files.createDirectories(out);
    ScoreSeries none = null;
    List<Row> rows = new ArrayList<>();
    for (String setting : settings) {
      Path records = out.resolve(setting.replace(':', '_') + ".jsonl");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "run",
                  "--no-progress",
                  "--input",
                  input.toString(),
                  "--smooth",
                  setting,
                  "--out",
                  records.toString()));
      if (model != null) {
        cmd.addAll(List.of("--model", model));
      }
      int code = AnalyzerCli.execute(cmd.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException("analyzer run --smooth " + setting + " exited " + code);
      }
      if (setting.equals("none")) {
        none = read(records, "expr");
      }
    }
    for (String setting : settings) {
      Path records = out.resolve(setting.replace(':', '_') + ".jsonl");
      rows.add(
          row(
              setting,
              read(records, "expr"),
              read(records, setting.equals("none") ? "expr" : "expr_raw"),
              none));
    }
    String table = table(input, rows);
    Files.writeString(out.resolve("smoothing.md"), table);
    System.out.print(table);
  }

  /** The figures of one run: {@code smoothed} as written, {@code raw} beside it. */
  static Row row(String setting, ScoreSeries smoothed, ScoreSeries raw, ScoreSeries none) {
    List<ScoreSeries.Onset> changes = none.sustainedOnsets(LASTING);
    long happinessFrom = -1;
    long happinessLag = -1;
    long longestHappiness = 0;
    double lagSum = 0;
    int settled = 0;
    for (ScoreSeries.Onset c : changes) {
      long lag = smoothed.settleLag(c);
      if (lag >= 0) {
        lagSum += lag;
        settled++;
      }
      boolean happiness = ModelContract.EXPRESSION_NAMES.get(c.label()).equals("happiness");
      if (happiness && c.to() - c.from() + 1 > longestHappiness) {
        longestHappiness = c.to() - c.from() + 1;
        happinessFrom = c.from();
        happinessLag = lag;
      }
    }
    return new Row(
        setting,
        smoothed.size(),
        smoothed.labelChangesPer100(),
        smoothed.exprStep(),
        happinessFrom,
        happinessLag,
        settled == 0 ? Double.NaN : lagSum / settled,
        changes.size(),
        changes.size() - settled,
        raw.sameExpressions(none));
  }

  /** The expression probabilities in {@code field} of the first analysed face of each record. */
  static ScoreSeries read(Path jsonl, String field) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ScoreSeries series = new ScoreSeries();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode r = json.readTree(line);
      for (JsonNode face : r.get("faces")) {
        JsonNode expr = face.get(field);
        if (expr != null) {
          float[] p = new float[ModelContract.EXPRESSION_NAMES.size()];
          for (int i = 0; i < p.length; i++) {
            p[i] = (float) expr.get(ModelContract.EXPRESSION_NAMES.get(i)).asDouble();
          }
          series.put(r.get("frame").asLong(), new AffectScores(null, p, null));
          break;
        }
      }
    }
    return series;
  }

  private static boolean isDefault(String setting) {
    return Smoothing.parse(setting).equals(Smoothing.parse(Smoothing.DEFAULT));
  }

  static String table(Path input, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append("Smoothing on ")
        .append(input.getFileName())
        .append(String.format(Locale.ROOT, " (%d frames with a face)%n%n", rows.get(0).frames()));
    md.append(
        String.format(
            Locale.ROOT,
            "| --smooth | label changes / 100 frames | mean frame-to-frame change | lag onto the"
                + " longest happiness, from frame %d (frames) | mean lag over lasting changes"
                + " (frames) | raw = none |%n",
            rows.get(0).happinessFrom()));
    md.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.4f | %s | %.1f over %d%s | %s |%n",
              isDefault(r.setting()) ? r.setting() + " (default)" : r.setting(),
              r.labelChangesPer100(),
              r.exprStep(),
              r.happinessLag() < 0 ? "never" : Long.toString(r.happinessLag()),
              r.meanLag(),
              r.lastingChanges() - r.neverSettled(),
              r.neverSettled() > 0 ? " (" + r.neverSettled() + " never)" : "",
              r.rawMatchesNone() ? "yes" : "NO"));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nLasting change: the raw label switches to one it keeps for %d frames or more; lag:"
                + " frames until the smoothed label is that one and keeps it to the change's end."
                + " Frame-to-frame change: total variation distance of the 8 probabilities.%n",
            LASTING));
    return md.toString();
  }
}
