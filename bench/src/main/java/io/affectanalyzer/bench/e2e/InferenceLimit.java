package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;

/**
 * The inference limit: packing the direct batch buffer and one session run, as the infer stage
 * does, per batch size, on real aligned faces from the inputs (random pixels when none has a face).
 */
final class InferenceLimit {
  private static final int MOST_CROPS = 64;

  private final BenchRig rig;
  private final List<float[]> crops = new ArrayList<>();

  InferenceLimit(BenchRig rig) {
    this.rig = rig;
  }

  /** Inference only at one batch size. */
  record Figure(int batch, long calls, double seconds, double facesPerSecond, double msPerCall) {}

  /** Aligns the faces the detector finds in {@code images}, up to {@link #MOST_CROPS} in all. */
  void collectCrops(List<Image> images) {
    for (Image img : images) {
      if (crops.size() >= MOST_CROPS) {
        return;
      }
      for (FaceDetection face : rig.detector().detect(img)) {
        FloatBuffer buf = FloatBuffer.allocate(rig.aligner().floatsPerFace());
        rig.aligner().align(img, face, buf, 0);
        crops.add(buf.array());
      }
    }
  }

  /** One aligned face (random pixels before {@link #measure} when no input had one). */
  float[] crop(int i) {
    return crops.get(i);
  }

  /** Each {@code --batches} size in turn. */
  List<Figure> measure() {
    int floats = rig.aligner().floatsPerFace();
    if (crops.isEmpty()) {
      Random r = new Random(1);
      float[] c = new float[floats];
      for (int i = 0; i < floats; i++) {
        c[i] = r.nextFloat() * 2 - 1;
      }
      crops.add(c);
    }
    List<Figure> out = new ArrayList<>();
    for (int batch : rig.opt().batches) {
      BenchLog.log("inference only, batch %d", batch);
      out.add(at(batch));
    }
    return out;
  }

  /** Inference alone at {@code batch} on the collected crops, after two warm-up calls. */
  Figure at(int batch) {
    int floats = rig.aligner().floatsPerFace();
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(batch * floats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    int next = 0;
    for (int i = 0; i < 2; i++) {
      rig.model().infer(buffer, batch);
    }
    long budget = rig.inferenceBudgetNanos();
    long calls = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      for (int k = 0; k < batch; k++) {
        buffer.put(k * floats, crops.get(next), 0, floats);
        next = (next + 1) % crops.size();
      }
      rig.model().infer(buffer, batch);
      calls++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < budget || calls < 3);
    return new Figure(
        batch, calls, elapsed / 1e9, BenchMath.rate(calls * batch, elapsed), elapsed / 1e6 / calls);
  }

  static String markdown(List<Figure> figures, String provider) {
    StringBuilder md = new StringBuilder("## Inference only (").append(provider).append(")\n\n");
    md.append("| batch | faces/s | ms per call | calls |\n|---:|---:|---:|---:|\n");
    for (Figure i : figures) {
      md.append(
          f(
              "| %d | %.1f | %.2f | %d |\n",
              i.batch(), i.facesPerSecond(), i.msPerCall(), i.calls()));
    }
    return md.toString();
  }

  /** {@code throughput-vs-batch.png}. */
  static void plot(Path dir, List<Figure> figures, String provider) throws IOException {
    XYChart batch =
        Plots.xy("Inference throughput vs batch size (" + provider + ")", "batch size", "faces/s");
    batch.addSeries(
        "ViT stand-in",
        figures.stream().map(i -> (double) i.batch()).toList(),
        figures.stream().map(Figure::facesPerSecond).toList());
    Plots.save(batch, dir, "throughput-vs-batch");
  }
}
