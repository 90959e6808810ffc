package io.affectanalyzer.runtime.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns BlazeFace's raw outputs into candidate faces, as MediaPipe's {@code
 * TensorsToDetectionsCalculator} does for the face models: per anchor 16 values (box centre x, y,
 * width, height, then six keypoints x, y, all offsets in input pixels from the anchor centre) and
 * one logit, clipped to ±100 and passed through a sigmoid.
 */
public final class BlazeFaceDecoder {
  public static final int VALUES_PER_ANCHOR = 16;
  private static final float SCORE_CLIP = 100f;

  private final float[] anchors;
  private final int anchorCount;
  private final float inputSize;

  /**
   * @param anchors anchor centres from {@link SsdAnchors#generate}
   * @param inputSize square input side in pixels
   */
  public BlazeFaceDecoder(float[] anchors, int inputSize) {
    this.anchors = anchors.clone();
    this.anchorCount = anchors.length / 2;
    this.inputSize = inputSize;
  }

  public int anchorCount() {
    return anchorCount;
  }

  /**
   * Candidates whose score reaches {@code minScore}, in input pixel coordinates (0..inputSize), in
   * anchor order (not yet suppressed).
   *
   * @param raw {@code anchorCount * 16} box and keypoint values
   * @param logits {@code anchorCount} raw scores
   */
  public List<FaceDetection> decode(float[] raw, float[] logits, float minScore) {
    if (raw.length < anchorCount * VALUES_PER_ANCHOR || logits.length < anchorCount) {
      throw new IllegalArgumentException(
          "expected " + anchorCount + " anchors, got " + logits.length + " scores");
    }
    List<FaceDetection> out = new ArrayList<>();
    for (int i = 0; i < anchorCount; i++) {
      float score = sigmoid(Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logits[i])));
      if (score < minScore) {
        continue;
      }
      int o = i * VALUES_PER_ANCHOR;
      float ax = anchors[2 * i] * inputSize;
      float ay = anchors[2 * i + 1] * inputSize;
      float cx = raw[o] + ax;
      float cy = raw[o + 1] + ay;
      float w = raw[o + 2];
      float h = raw[o + 3];
      float[] kps = new float[2 * FaceDetection.KEYPOINTS];
      for (int k = 0; k < FaceDetection.KEYPOINTS; k++) {
        kps[2 * k] = raw[o + 4 + 2 * k] + ax;
        kps[2 * k + 1] = raw[o + 5 + 2 * k] + ay;
      }
      out.add(new FaceDetection(cx - w / 2, cy - h / 2, w, h, score, kps));
    }
    return out;
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
