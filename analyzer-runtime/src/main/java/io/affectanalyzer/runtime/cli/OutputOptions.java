package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.kafka.KafkaTarget;
import io.affectanalyzer.runtime.model.ModelSpec;
import io.affectanalyzer.runtime.output.AnnotatedOutput;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.pipeline.AnalyzerSetup;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.track.Smoothing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/**
 * {@code run}'s output options: where records go, their smoothing, the annotated copy, and the
 * progress bar.
 */
final class OutputOptions {
  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE|kafka://HOST:PORT/TOPIC",
      description =
          "Where records go: .jsonl (default format) or .csv, or a Kafka topic that exists: one"
              + " record per frame, the JSON object of a .jsonl line, keyed by the input's name"
              + " (idempotent, acks=all; the run ends once Kafka acknowledged every record, and"
              + " exits 3 naming how many it lost). ?records=face: one record per face instead, keyed"
              + " STREAM#TRACK. Other ?KEY=VALUE&... after the topic set producer settings."
              + " Default: standard output.")
  String out;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar for files on stderr (default: on when stderr is a terminal).")
  Boolean progress;

  @Option(
      names = "--annotate",
      paramLabel = "FILE|DIR/",
      description =
          "Also write a copy of the input with the results drawn on: face boxes, landmarks, track"
              + " ids, the expression and its score, bars of the 8 expressions, active AUs and a"
              + " valence/arousal square (boxes and landmarks only with --model none). Every frame,"
              + " at the input's frame rate, H.264 where FFmpeg has an encoder for it. FILE (.mp4,"
              + " .mov, .mkv; .png or .jpg for one image; its folder must exist) for one input; DIR/"
              + " (created) for several inputs or an image folder: NAME-annotated.mp4 per video or"
              + " stream, NAME-annotated.jpg/.png per image.")
  String annotate;

  @Option(
      names = "--smooth",
      paramLabel = "FILTER",
      defaultValue = Smoothing.DEFAULT,
      description =
          "Smooths each face's AU and expression probabilities and valence/arousal over its track"
              + " in videos and streams: one-euro[:MIN_CUTOFF_HZ[:BETA]] (default: one-euro,"
              + " cutoff "
              + Smoothing.DEFAULT_MIN_CUTOFF_HZ
              + " Hz, beta "
              + Smoothing.DEFAULT_BETA
              + "), ema:ALPHA (moving average per frame, 0-1, lower is smoother), or none. The"
              + " model's own values are written too (expr_raw, au_raw, valence_raw, arousal_raw;"
              + " CSV: *_raw columns at the end); none writes exactly what the model gave.")
  String smooth = Smoothing.DEFAULT; // also when a worker builds the options without parsing

  /** The --smooth filter. */
  Smoothing smoothing() throws UserError {
    try {
      return Smoothing.parse(smooth);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Checks --smooth and the form of a Kafka --out before anything is opened. */
  void validate() throws UserError {
    smoothing();
    kafkaTarget();
  }

  /** --out as a Kafka topic, or null for a file or standard output. */
  KafkaTarget kafkaTarget() throws UserError {
    if (!KafkaTarget.names(out)) {
      return null;
    }
    try {
      return KafkaTarget.parse(out);
    } catch (IllegalArgumentException e) {
      throw new UserError("--out: " + e.getMessage());
    }
  }

  /** The records' writer, to Kafka, a file or standard output; {@code setup} closes it. */
  ResultWriter openRecords(AnalyzerSetup setup) throws IOException, UserError {
    KafkaTarget kafka = kafkaTarget();
    if (kafka != null) {
      return setup.openOutput(kafka);
    }
    return setup.openOutput(out != null ? Path.of(out) : null);
  }

  /** The writer of the annotated copies, or null without {@code --annotate}. */
  ResultWriter openAnnotated(List<FrameSource> sources, ModelSpec spec, PrintStream err)
      throws UserError {
    if (annotate == null) {
      return null;
    }
    try {
      return AnnotatedOutput.open(annotate, sources, spec, err);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** A bar over the frames of {@code sources}, or null: unwanted, or a live or unknown length. */
  ProgressBar progressBar(List<FrameSource> sources) {
    boolean wanted = progress != null ? progress : System.console() != null;
    long total = 0;
    for (FrameSource s : sources) {
      if (s.live() || s.frameCountHint() < 0) {
        return null;
      }
      total += s.frameCountHint();
    }
    if (!wanted || total <= 0) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("analysing")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" frames", 1)
        .setUpdateIntervalMillis(250)
        .build();
  }
}
