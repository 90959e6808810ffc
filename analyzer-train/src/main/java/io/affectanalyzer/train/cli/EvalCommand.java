package io.affectanalyzer.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.eval.AuF1;
import io.affectanalyzer.train.eval.ConfusionPlot;
import io.affectanalyzer.train.eval.EvalData;
import io.affectanalyzer.train.eval.EvalMarkdown;
import io.affectanalyzer.train.eval.EvalReport;
import io.affectanalyzer.train.eval.Inference;
import io.affectanalyzer.train.eval.OnnxRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: runs exported models (and optionally the mini-Xception peer) with ONNX Runtime on
 * labelled data, writes a JSON report, a Markdown table of it and a confusion-matrix PNG per model
 * and data set beside it. Every model sees the same images in the same run.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Score an exported ONNX model on labelled faces (ABAW metrics).")
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      split = ",",
      description = "Exported model(s) (.onnx), scored in the same run on the same images.")
  List<Path> models;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      description = "fer2013-test, ckplus-val or mtl:FILE (comma-separated or repeated).")
  List<String> data;

  @Option(
      names = "--out",
      required = true,
      description = "Report JSON; PNGs are written beside it.")
  Path out;

  @Option(names = "--peer", description = "Peer model [N,64,64,1] grey in [-1,1], 7 FER classes.")
  Path peer;

  @Option(
      names = "--data-root",
      description = "Folder holding fer2013/ and ckplus/ (default: ../shared/data).")
  Path dataRoot;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ONNX Runtime threads (0: its default).")
  int threads;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Score only this many evenly spaced samples per set (0: all).")
  int limit;

  @Override
  public Integer call() {
    try {
      run();
      return 0;
    } catch (IllegalArgumentException | DataFormatException | UncheckedIOException e) {
      spec.commandLine().getErr().println("eval: " + e.getMessage());
      return 2;
    }
  }

  private void run() {
    Path root = dataRoot != null ? dataRoot : defaultDataRoot();
    List<Path> all = new ArrayList<>(models);
    if (peer != null) {
      all.add(peer);
    }
    for (Path m : all) {
      if (!Files.isRegularFile(m)) {
        throw new IllegalArgumentException("model file not found: " + m);
      }
    }
    try {
      Files.createDirectories(out.toAbsolutePath().getParent()); // the PNGs come before the JSON
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the folder of " + out + ": " + e.getMessage(), e);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("models", models.stream().map(Path::toString).toList());
    Map<String, Object> metadata = new LinkedHashMap<>();
    List<Map<String, Object>> results = new ArrayList<>();
    for (String spec : data) {
      EvalData set = subset(EvalData.parse(spec, root));
      Map<String, Object> peerEntry = peer == null ? null : scorePeer(set);
      for (Path model : models) {
        try (OnnxRunner ours = OnnxRunner.open(model, threads)) {
          metadata.put(model.getFileName().toString(), ours.metadata());
          String name = model.getFileName().toString();
          EvalReport r =
              EvalReport.score(
                  name,
                  set,
                  Inference.run(ours, set.samples(), batch),
                  auThresholds(ours.metadata()));
          Map<String, Object> entry = new LinkedHashMap<>(r.json());
          if (r.confusion() != null) {
            entry.put("confusion_png", confusionPng(r, set, name));
          }
          if (peerEntry != null) {
            entry.put("peer", peerEntry);
          }
          results.add(entry);
        }
      }
    }
    report.put("metadata", metadata);
    report.put("results", results);
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.toFile(), report);
      Path md = out.toAbsolutePath().resolveSibling(stem(out) + ".md");
      Files.writeString(md, EvalMarkdown.of(results));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("eval: wrote " + out + " and its .md table");
  }

  private Map<String, Object> scorePeer(EvalData set) {
    try (OnnxRunner theirs = OnnxRunner.open(peer, threads)) {
      String name = peer.getFileName().toString();
      EvalReport p =
          EvalReport.score(
              name,
              set,
              Inference.runPeer(theirs, set.samples(), batch),
              AuF1.halves(ModelContract.AU_NAMES.size()));
      Map<String, Object> entry = new LinkedHashMap<>(p.json());
      entry.put("confusion_png", confusionPng(p, set, name));
      return entry;
    }
  }

  private String confusionPng(EvalReport r, EvalData set, String model) {
    Path png = beside(out, set.name() + "-" + model.replaceFirst("\\.onnx$", ""), "confusion");
    ConfusionPlot.write(
        r.confusion(), ModelContract.EXPRESSION_NAMES, model + " on " + set.name(), png);
    return png.getFileName().toString();
  }

  private EvalData subset(EvalData set) {
    List<Sample> all = set.samples();
    if (limit <= 0 || limit >= all.size()) {
      return set;
    }
    List<Sample> picked = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      picked.add(all.get((int) ((long) i * all.size() / limit)));
    }
    return new EvalData(set.name(), picked, set.classes());
  }

  static float[] auThresholds(Map<String, String> meta) {
    String t = meta.get(ModelContract.META_AU_THRESHOLDS);
    if (t == null) {
      return AuF1.halves(ModelContract.AU_NAMES.size());
    }
    String[] parts = t.split(",");
    if (parts.length != ModelContract.AU_NAMES.size()) {
      throw new IllegalArgumentException(
          ModelContract.META_AU_THRESHOLDS + " needs 12 values: " + t);
    }
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }

  private static String stem(Path report) {
    return report.getFileName().toString().replaceFirst("\\.json$", "");
  }

  static Path beside(Path report, String data, String what) {
    String stem = stem(report);
    String safe = data.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
    return report.toAbsolutePath().resolveSibling(stem + "-" + safe + "-" + what + ".png");
  }

  static Path defaultDataRoot() {
    String shared = System.getProperty("shared.dir");
    return Path.of(shared != null ? shared : "../shared")
        .resolve("data")
        .toAbsolutePath()
        .normalize();
  }
}
