package io.affectanalyzer.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** PipelineBench's command-line options; a bad one is an {@link IllegalArgumentException}. */
final class BenchOptions {
  Path out;
  Path videos;
  final List<String> inputs = new ArrayList<>();
  boolean quick;
  boolean cpuOnly;

  /** As {@code analyzer run --pin-inference}: auto, always or off. */
  String pinInference = "auto";

  /** As the analyzer's own default: one intra-op thread per session; 0 = ONNX Runtime's. */
  int threads = 1;

  int[] batches = {1, 8, 32};
  int[] streams = {1, 2, 4, 8};
  int streamLoops = 1;
  Path model;

  /** Loops of the long video for the memory run; 0: as many as {@link #memorySeconds} take. */
  int memoryLoops = 0;

  /** How long the memory run lasts at least, when no loop count is given. */
  int memorySeconds = 60;

  double liveSeconds = 10;

  /**
   * Seconds of unmeasured pipeline runs before the pipeline figures: the JIT keeps compiling the
   * pipeline's code for several seconds after its first frames (after 10 s it still took 0.4-1.1 ms
   * of CPU per frame of the sample video, after 30 s 0.3).
   */
  int warmupSeconds = 30;

  /**
   * The model {@code analyzer run} uses by default: {@code models/emma-*.onnx} in the working
   * folder; null when none is shipped (the bench then times a random-weight stand-in).
   */
  static Path shippedModel() {
    try (var files = Files.list(Path.of("models"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("emma-.*\\.onnx"))
          .sorted()
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  static BenchOptions parse(String[] args) {
    BenchOptions o = new BenchOptions();
    boolean videosGiven = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> o.quick = true;
        case "--cpu" -> o.cpuOnly = true;
        case "--pin-inference" -> {
          o.pinInference = value(args, ++i, a);
          if (!List.of("auto", "always", "off").contains(o.pinInference)) {
            throw new IllegalArgumentException(
                "--pin-inference must be auto, always or off, is " + o.pinInference);
          }
        }
        case "--out" -> o.out = Path.of(value(args, ++i, a));
        case "--videos" -> {
          o.videos = Path.of(value(args, ++i, a));
          videosGiven = true;
        }
        case "--input" -> o.inputs.add(value(args, ++i, a));
        case "--model" -> o.model = Path.of(value(args, ++i, a));
        case "--threads" -> o.threads = positiveInt(value(args, ++i, a), a, true);
        case "--batches" -> o.batches = ints(value(args, ++i, a), a);
        case "--streams" -> o.streams = ints(value(args, ++i, a), a);
        case "--stream-loops" -> o.streamLoops = positiveInt(value(args, ++i, a), a, false);
        case "--memory-loops" -> o.memoryLoops = positiveInt(value(args, ++i, a), a, false);
        case "--memory-seconds" -> o.memorySeconds = positiveInt(value(args, ++i, a), a, false);
        case "--live-seconds" -> o.liveSeconds = positiveInt(value(args, ++i, a), a, false);
        case "--warmup-seconds" -> o.warmupSeconds = positiveInt(value(args, ++i, a), a, true);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (o.out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    if (!videosGiven && o.inputs.isEmpty()) {
      String shared = System.getProperty("shared.dir", "../shared");
      o.videos = Path.of(shared, "data", "videos");
    }
    if (o.quick) {
      o.streamLoops = 1;
      o.memorySeconds = Math.min(o.memorySeconds, 10);
      o.liveSeconds = Math.min(o.liveSeconds, 3);
      o.warmupSeconds = Math.min(o.warmupSeconds, 2);
      o.streams = Arrays.stream(o.streams).filter(n -> n <= 2).toArray();
    }
    return o;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positiveInt(String s, String option, boolean zeroOk) {
    int v;
    try {
      v = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, got '" + s + "'");
    }
    if (v < (zeroOk ? 0 : 1)) {
      throw new IllegalArgumentException(option + " must be at least " + (zeroOk ? 0 : 1));
    }
    return v;
  }

  private static int[] ints(String s, String option) {
    String[] parts = s.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = positiveInt(parts[i], option, false);
    }
    return out;
  }
}
