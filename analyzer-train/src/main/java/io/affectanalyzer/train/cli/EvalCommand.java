package io.affectanalyzer.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.data.ImageDecoder;
import io.affectanalyzer.train.data.RuntimeFaces;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.eval.AuF1;
import io.affectanalyzer.train.eval.ConfusionPlot;
import io.affectanalyzer.train.eval.EvalData;
import io.affectanalyzer.train.eval.EvalMarkdown;
import io.affectanalyzer.train.eval.EvalReport;
import io.affectanalyzer.train.eval.Inference;
import io.affectanalyzer.train.eval.ModelOutputs;
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
      description =
          "fer2013-test, ckplus-val, ckplus-train (the CK+ subjects models train on) or mtl:FILE"
              + " (comma-separated or repeated).")
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

  @Option(
      names = "--through-pipeline",
      description =
          "Also score every model and the peer on the faces that the runtime's own detector and"
              + " aligner make of each picture (as `analyzer run` would); a picture where no face"
              + " is found counts as wrong.")
  boolean throughPipeline;

  /** The report's "view" of each result: the set's own crops, or the runtime's. */
  static final String VIEW_CROPPED = "pre-cropped";

  static final String VIEW_PIPELINE = "runtime detect + align";

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
    if (peer != null) {
      report.put("peer", peer.toString());
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    List<Map<String, Object>> results = new ArrayList<>();
    for (String spec : data) {
      EvalData set = subset(EvalData.parse(spec, root));
      results.addAll(scoreAll(set, null, metadata));
      if (throughPipeline) {
        results.addAll(scoreAll(set, detect(set), metadata));
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

  /**
   * Every model, then the peer, on one set: on its pictures as they are ({@code faces} null) or on
   * the faces the runtime found in them (null entries: none found, scored wrong).
   */
  private List<Map<String, Object>> scoreAll(
      EvalData set, List<FaceDetection> faces, Map<String, Object> metadata) {
    List<Map<String, Object>> entries = new ArrayList<>();
    String view = faces == null ? VIEW_CROPPED : VIEW_PIPELINE;
    for (Path model : models) {
      try (OnnxRunner ours = OnnxRunner.open(model, threads)) {
        metadata.put(model.getFileName().toString(), ours.metadata());
        ModelOutputs outputs =
            faces == null
                ? Inference.run(ours, set.samples(), batch)
                : Inference.runAligned(ours, set.samples(), faces, batch);
        entries.add(entry(set, view, "model", model, outputs, auThresholds(ours.metadata())));
      }
    }
    if (peer != null) {
      try (OnnxRunner theirs = OnnxRunner.open(peer, threads)) {
        ModelOutputs outputs =
            faces == null
                ? Inference.runPeer(theirs, set.samples(), batch)
                : Inference.runPeerAligned(theirs, set.samples(), faces, batch);
        entries.add(
            entry(set, view, "peer", peer, outputs, AuF1.halves(ModelContract.AU_NAMES.size())));
      }
    }
    return entries;
  }

  private Map<String, Object> entry(
      EvalData set,
      String view,
      String role,
      Path model,
      ModelOutputs outputs,
      float[] thresholds) {
    String name = model.getFileName().toString();
    EvalReport r = EvalReport.score(name, set, outputs, thresholds);
    Map<String, Object> entry = new LinkedHashMap<>(r.json());
    entry.put("role", role);
    entry.put("view", view);
    if (r.confusion() != null) {
      entry.put("confusion_png", confusionPng(r, set, view, name));
    }
    return entry;
  }

  /** The largest face the runtime's detector finds in each picture, null where it finds none. */
  private List<FaceDetection> detect(EvalData set) {
    List<FaceDetection> faces = new ArrayList<>();
    try (RuntimeFaces finder = RuntimeFaces.open()) {
      for (Sample s : set.samples()) {
        faces.add(finder.largest(ImageDecoder.decodeRgb(s.image())).orElse(null));
      }
    }
    long found = faces.stream().filter(f -> f != null).count();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "eval: %s: the runtime's detector found a face in %d of %d pictures%n",
            set.name(),
            found,
            faces.size());
    return faces;
  }

  private String confusionPng(EvalReport r, EvalData set, String view, String model) {
    String tag = view.equals(VIEW_CROPPED) ? "" : "-pipeline";
    Path png =
        beside(out, set.name() + tag + "-" + model.replaceFirst("\\.onnx$", ""), "confusion");
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
