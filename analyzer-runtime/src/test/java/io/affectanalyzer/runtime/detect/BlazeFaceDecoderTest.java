package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceDecoderTest {
  private final float[] anchors = BlazeFaceDetector.Variant.FRONT_128.anchors();
  private final BlazeFaceDecoder decoder = new BlazeFaceDecoder(anchors, 128);

  @Test
  void shouldDecodeOffsetsFromTheAnchorCentreInInputPixels() {
    float[] raw = new float[896 * 16];
    float[] logits = new float[896];
    java.util.Arrays.fill(logits, -10f);
    int i = 600; // a coarse-grid anchor
    logits[i] = 2f;
    int o = i * 16;
    raw[o] = 3;
    raw[o + 1] = -4;
    raw[o + 2] = 40;
    raw[o + 3] = 50;
    for (int k = 0; k < 6; k++) {
      raw[o + 4 + 2 * k] = k;
      raw[o + 5 + 2 * k] = -k;
    }
    List<FaceDetection> out = decoder.decode(raw, logits, 0.5f);
    assertEquals(1, out.size());
    FaceDetection f = out.get(0);
    float ax = anchors[2 * i] * 128;
    float ay = anchors[2 * i + 1] * 128;
    assertEquals(ax + 3 - 20, f.x(), 1e-4);
    assertEquals(ay - 4 - 25, f.y(), 1e-4);
    assertEquals(40, f.width(), 1e-4);
    assertEquals(50, f.height(), 1e-4);
    assertEquals(1 / (1 + Math.exp(-2)), f.score(), 1e-6);
    assertEquals(ax + 5, f.keypointX(5), 1e-4);
    assertEquals(ay - 5, f.keypointY(5), 1e-4);
  }

  @Test
  void shouldClipHugeLogitsAndDropLowScores() {
    float[] raw = new float[896 * 16];
    float[] logits = new float[896];
    java.util.Arrays.fill(logits, -1e6f);
    logits[3] = 1e6f;
    List<FaceDetection> out = decoder.decode(raw, logits, 0.5f);
    assertEquals(1, out.size());
    assertEquals(1f, out.get(0).score(), 1e-6);
  }
}
