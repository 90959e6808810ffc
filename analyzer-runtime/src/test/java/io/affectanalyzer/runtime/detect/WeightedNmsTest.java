package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedNmsTest {
  private static FaceDetection box(float x, float y, float side, float score) {
    float[] kps = new float[12];
    for (int k = 0; k < 6; k++) {
      kps[2 * k] = x + k;
      kps[2 * k + 1] = y + k;
    }
    return new FaceDetection(x, y, side, side, score, kps);
  }

  @Test
  void shouldMergeOverlapsIntoTheirScoreWeightedMeanKeepingTheBestScore() {
    FaceDetection a = box(0, 0, 100, 0.9f);
    FaceDetection b = box(10, 0, 100, 0.6f); // IoU 0.82 with a
    FaceDetection far = box(500, 500, 50, 0.7f);
    List<FaceDetection> out = new WeightedNms().nms(List.of(b, far, a));
    assertEquals(2, out.size());
    FaceDetection m = out.get(0);
    assertEquals(0.9f, m.score(), 1e-6);
    assertEquals(10 * 0.6 / 1.5, m.x(), 1e-4);
    assertEquals(100, m.width(), 1e-4);
    assertEquals(10 * 0.6 / 1.5 + 5, m.keypointX(5), 1e-4);
    assertEquals(far, out.get(1));
  }

  @Test
  void shouldKeepBoxesOverlappingLessThanTheThreshold() {
    FaceDetection a = box(0, 0, 100, 0.9f);
    FaceDetection b = box(70, 0, 100, 0.8f); // IoU 30/170 = 0.18
    assertEquals(2, new WeightedNms().nms(List.of(a, b)).size());
    assertEquals(30f / 170f, WeightedNms.iou(a, b), 1e-6);
  }

  @Test
  void shouldKeepOnlyTheBestOfOverlapsWithGreedyNms() {
    FaceDetection a = box(0, 0, 100, 0.9f);
    FaceDetection b = box(10, 0, 100, 0.95f);
    List<FaceDetection> out = new GreedyNms(0.3f).nms(List.of(a, b));
    assertEquals(List.of(b), out);
  }
}
