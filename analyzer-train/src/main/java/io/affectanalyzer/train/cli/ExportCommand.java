package io.affectanalyzer.train.cli;

import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.eval.AuF1;
import io.affectanalyzer.train.eval.AuThresholds;
import io.affectanalyzer.train.eval.EvalData;
import io.affectanalyzer.train.eval.Inference;
import io.affectanalyzer.train.eval.ModelOutputs;
import io.affectanalyzer.train.eval.OnnxRunner;
import io.affectanalyzer.train.export.CheckpointExport;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: a training checkpoint to an ONNX model that keeps the runtime's contract. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a trained checkpoint to ONNX (input faces, outputs au/expr/va).")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--kind", required = true, description = "emma, cotex, dan (or vit).")
  String kind;

  @Option(
      names = "--checkpoint",
      required = true,
      description = "Checkpoint folder (with state.json), or a run folder: its newest checkpoint.")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "ONNX file to write.")
  Path out;

  @Option(names = "--fp16", description = "Store weights as float16 (half the file; fp32 I/O).")
  boolean fp16;

  @Option(
      names = "--input-blur",
      paramLabel = "SIGMA",
      description =
          "Gaussian low-pass (input pixels) the model applies to its input first, for a model"
              + " trained on blurred faces; default: the largest blurSigma of its training"
              + " sources, 0 for none.")
  Double inputBlur;

  @Option(
      names = "--flip-average",
      description =
          "Score each face and its mirror image and average the two (twice the compute; the"
              + " training's flips make both views valid).")
  boolean flipAverage;

  @Option(
      names = "--tune-au-thresholds",
      paramLabel = "DATA",
      description =
          "Choose each AU's decision threshold for the best F1 on DATA (e.g. ckplus-train, the"
              + " CK+ subjects EMMA trains on; never the set you report) and write them into the"
              + " metadata, where the runtime and eval use them; default 0.5 each.")
  String tuneAuThresholds;

  @Option(
      names = "--prior-correction",
      paramLabel = "TAU",
      description =
          "Take the training data's class shares out of the expression output: TAU ln(p_max/p_c)"
              + " is added to class c's logit (1: as if every class were equally common, what"
              + " macro F1 rewards; default 0: none).")
  double priorCorrection;

  @Option(
      names = "--train-config",
      description =
          "Training config whose data gives the class shares for --prior-correction (default: the"
              + " one the checkpoint records, from the working folder).")
  Path trainConfig;

  @Option(
      names = "--expr-with-dan",
      description =
          "The expression output is the mean of the model's and a DAN's: EMMA's own DAN branch"
              + " (which it runs anyway, for VA), CoTEX's teacher (its config's"
              + " teacherCheckpoint, from the --train-config folder).")
  boolean exprWithDan;

  @Option(
      names = "--expr-ensemble",
      paramLabel = "DAN",
      split = ",",
      description =
          "Further DAN checkpoints or run folders (comma-separated, e.g. independently trained"
              + " ones) whose expressions the output also averages in, each weighted as the"
              + " model's own; they run inside the graph (EMMA and CoTEX).")
  List<Path> exprEnsemble = new ArrayList<>();

  @Option(
      names = "--data-root",
      description = "Folder holding fer2013/ and ckplus/ (default: ../shared/data).")
  Path dataRoot;

  @Override
  public Integer call() {
    String k = kind.toLowerCase(Locale.ROOT);
    if (!k.matches("emma|cotex|dan|vit")) {
      spec.commandLine()
          .getErr()
          .println("export: unknown kind '" + kind + "': use emma, cotex or dan");
      return 2;
    }
    try {
      if (tuneAuThresholds != null && !k.equals("emma")) {
        throw new IllegalArgumentException("--tune-au-thresholds needs an EMMA checkpoint (AUs)");
      }
      CheckpointExport.Options options =
          new CheckpointExport.Options(
              fp16,
              inputBlur,
              flipAverage,
              null,
              priorCorrection,
              trainConfig,
              exprWithDan,
              exprEnsemble);
      CheckpointExport.Result r = CheckpointExport.export(checkpoint, k, out, options);
      if (tuneAuThresholds != null) {
        r = CheckpointExport.export(checkpoint, k, out, options.withAuThresholds(tune()));
      }
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "export: %s %s (epoch %d) -> %s, %.1f MB%s%s%s%s%s%s%n",
              r.kind(),
              r.preset(),
              r.state().epoch(),
              r.file(),
              r.bytes() / 1e6,
              fp16 ? ", fp16 weights" : "",
              flipAverage ? ", flip-averaged" : "",
              r.inputBlurSigma() > 0 ? ", input blur sigma " + r.inputBlurSigma() : "",
              exprWithDan ? ", expression averaged with the DAN's" : "",
              exprEnsemble.isEmpty()
                  ? ""
                  : (exprWithDan ? ", and with " : ", expression averaged with ")
                      + String.join(", ", r.exprEnsemble())
                      + "'s",
              r.exprBias() != null ? ", prior offsets" + offsets(r.exprBias()) : "");
      return 0;
    } catch (IllegalArgumentException
        | DataFormatException
        | UncheckedIOException
        | IllegalStateException e) {
      spec.commandLine().getErr().println("export: " + firstLine(e.getMessage()));
      return 2;
    }
  }

  /** Runs the file just written over the tuning set and picks the thresholds; says what they do. */
  private float[] tune() {
    Path root = dataRoot != null ? dataRoot : EvalCommand.defaultDataRoot();
    EvalData set = EvalData.parse(tuneAuThresholds, root);
    float[][] gold = new float[set.samples().size()][];
    for (int i = 0; i < gold.length; i++) {
      gold[i] = set.samples().get(i).labels().au();
    }
    ModelOutputs outputs;
    try (OnnxRunner model = OnnxRunner.open(out, 0)) {
      outputs = Inference.run(model, set.samples(), 64);
    }
    float[] t = AuThresholds.tune(outputs.au(), gold);
    double before = AuF1.mean(AuF1.perAu(outputs.au(), gold, AuF1.halves(t.length)));
    double after = AuF1.mean(AuF1.perAu(outputs.au(), gold, t));
    StringJoiner list = new StringJoiner(", ");
    for (int a = 0; a < t.length; a++) {
      list.add(ModelContract.AU_NAMES.get(a) + " " + t[a]);
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "export: AU thresholds from %s (%d faces): %s; mean F1 there %.3f at 0.5, %.3f tuned%n",
            set.name(),
            gold.length,
            list,
            before,
            after);
    return t;
  }

  private static String offsets(float[] bias) {
    StringJoiner list = new StringJoiner(", ", " (", ")");
    for (int c = 0; c < bias.length; c++) {
      list.add(
          String.format(Locale.ROOT, "%s %.2f", ModelContract.EXPRESSION_NAMES.get(c), bias[c]));
    }
    return list.toString();
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "failed";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
