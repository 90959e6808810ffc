package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.model.ModelException;
import io.affectanalyzer.runtime.model.OnnxAffectModel;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Inference alone of several models, one after the other for a second each, round after round, on
 * one ONNX Runtime thread: on a shared machine whose speed drifts, only figures taken in turn
 * compare (a preset against another before training one). Prints a Markdown table of medians.
 *
 * <pre>
 * java -cp bench/target/bench.jar io.affectanalyzer.bench.e2e.ModelsInTurn [--batch 8] [--rounds 7] A.onnx B.onnx ...
 * </pre>
 */
public final class ModelsInTurn {
  private ModelsInTurn() {}

  public static void main(String[] args) throws ModelException {
    int batch = 8;
    int rounds = 7;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty() || batch < 1 || rounds < 1) {
      System.err.println("usage: ModelsInTurn [--batch N] [--rounds N] MODEL.onnx...");
      System.exit(2);
    }
    List<OnnxAffectModel> models = new ArrayList<>();
    try {
      for (Path f : files) {
        models.add(OnnxAffectModel.open(f, OrtSessions.Options.cpu(1)));
      }
      double[][] rates = new double[models.size()][rounds];
      for (int round = -1; round < rounds; round++) { // round -1 warms up, unrecorded
        for (int m = 0; m < models.size(); m++) {
          double rate = facesPerSecond(models.get(m), batch, 1_000_000_000L);
          if (round >= 0) {
            rates[m][round] = rate;
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "| model | faces/s at batch %d, median of %d rounds | lowest - highest |%n|---|---:|---:|%n",
          batch,
          rounds);
      for (int m = 0; m < models.size(); m++) {
        double[] r = rates[m].clone();
        Arrays.sort(r);
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1f | %.1f - %.1f |%n",
            files.get(m).getFileName(),
            BenchMath.median(rates[m]),
            r[0],
            r[r.length - 1]);
      }
    } finally {
      models.forEach(OnnxAffectModel::close);
    }
  }

  /** One model alone on random faces for {@code nanos}. */
  private static double facesPerSecond(OnnxAffectModel model, int batch, long nanos) {
    int size = model.spec().inputSize();
    int floats = 3 * size * size;
    FloatBuffer in =
        ByteBuffer.allocateDirect(batch * floats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    Random random = new Random(1);
    for (int i = 0; i < batch * floats; i++) {
      in.put(i, random.nextFloat() * 2 - 1);
    }
    long calls = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      model.infer(in, batch);
      calls++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < nanos);
    return BenchMath.rate(calls * batch, elapsed);
  }
}
