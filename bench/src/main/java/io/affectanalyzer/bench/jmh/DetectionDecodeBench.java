package io.affectanalyzer.bench.jmh;

import io.affectanalyzer.runtime.detect.BlazeFaceDecoder;
import io.affectanalyzer.runtime.detect.BlazeFaceDetector;
import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.detect.WeightedNms;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BlazeFace's post-processing on the front-128 model's 896 anchors: sigmoid and box decoding of
 * every anchor, then weighted NMS. The raw outputs are seeded noise with two faces, each seen by 12
 * neighbouring anchors scoring above threshold, as a real frame with two faces looks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DetectionDecodeBench {
  private BlazeFaceDecoder decoder;
  private final WeightedNms nms = new WeightedNms();
  private float[] raw;
  private float[] logits;
  private List<FaceDetection> candidates;

  @Setup
  public void setUp() {
    BlazeFaceDetector.Variant variant = BlazeFaceDetector.Variant.FRONT_128;
    decoder = new BlazeFaceDecoder(variant.anchors(), variant.inputSize());
    int n = decoder.anchorCount();
    Random r = new Random(5);
    raw = new float[n * BlazeFaceDecoder.VALUES_PER_ANCHOR];
    logits = new float[n];
    for (int i = 0; i < n; i++) {
      logits[i] = -8 + (float) r.nextGaussian();
      int o = i * BlazeFaceDecoder.VALUES_PER_ANCHOR;
      raw[o + 2] = 10 + 5 * r.nextFloat();
      raw[o + 3] = 10 + 5 * r.nextFloat();
      for (int k = 4; k < BlazeFaceDecoder.VALUES_PER_ANCHOR; k++) {
        raw[o + k] = (float) r.nextGaussian() * 3;
      }
    }
    // Two faces: anchors of the 16x16 grid around cells (4, 5) and (11, 9), boxes 30 px.
    for (int[] cell : new int[][] {{4, 5}, {11, 9}}) {
      for (int k = 0; k < 12; k++) {
        int gx = cell[0] + (k % 3) - 1;
        int gy = cell[1] + (k / 3 % 2);
        int i = 2 * (gy * 16 + gx) + k / 6;
        logits[i] = 1 + r.nextFloat() * 3;
        int o = i * BlazeFaceDecoder.VALUES_PER_ANCHOR;
        raw[o] = (cell[0] - gx) * 8f;
        raw[o + 1] = (cell[1] - gy) * 8f;
        raw[o + 2] = 30 + r.nextFloat() * 2;
        raw[o + 3] = 30 + r.nextFloat() * 2;
      }
    }
    candidates = decoder.decode(raw, logits, BlazeFaceDetector.DEFAULT_MIN_SCORE);
  }

  @Benchmark
  public List<FaceDetection> decodeAnchors() {
    return decoder.decode(raw, logits, BlazeFaceDetector.DEFAULT_MIN_SCORE);
  }

  @Benchmark
  public List<FaceDetection> weightedNms() {
    return nms.nms(candidates);
  }

  @Benchmark
  public List<FaceDetection> decodeAndNms() {
    return nms.nms(decoder.decode(raw, logits, BlazeFaceDetector.DEFAULT_MIN_SCORE));
  }
}
