package io.affectanalyzer.bench.jmh;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Seeded inputs shared by the microbenchmarks: a frame, a face in it, a model's scores. */
final class Fixtures {
  private Fixtures() {}

  static Image frame(int width, int height, long seed) {
    byte[] px = new byte[width * height * 3];
    new Random(seed).nextBytes(px);
    return new Image(width, height, px);
  }

  /** A 120-pixel upright face centred at (cx, cy): eyes, nose, mouth, ears as BlazeFace orders. */
  static FaceDetection face(float cx, float cy, float score) {
    float s = 120;
    float[] kps = {
      cx - 0.2f * s,
      cy - 0.15f * s,
      cx + 0.2f * s,
      cy - 0.15f * s,
      cx,
      cy + 0.05f * s,
      cx,
      cy + 0.25f * s,
      cx - 0.45f * s,
      cy - 0.05f * s,
      cx + 0.45f * s,
      cy - 0.05f * s
    };
    return new FaceDetection(cx - s / 2, cy - s / 2, s, s, score, kps);
  }

  static ModelSpec spec(int inputSize) {
    float[] thresholds = new float[ModelContract.AU_NAMES.size()];
    Arrays.fill(thresholds, 0.5f);
    return new ModelSpec(
        inputSize,
        true,
        new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.5f, 0.5f, 0.5f},
        Set.of(ModelContract.AU, ModelContract.EXPR, ModelContract.VA),
        thresholds,
        "category-prior",
        Map.of());
  }

  static AffectScores scores(Random r) {
    float[] au = new float[ModelContract.AU_NAMES.size()];
    float[] expr = new float[ModelContract.EXPRESSION_NAMES.size()];
    for (int i = 0; i < au.length; i++) {
      au[i] = r.nextFloat();
    }
    float sum = 0;
    for (int i = 0; i < expr.length; i++) {
      expr[i] = r.nextFloat();
      sum += expr[i];
    }
    for (int i = 0; i < expr.length; i++) {
      expr[i] /= sum;
    }
    return new AffectScores(au, expr, new float[] {r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1});
  }
}
