package io.affectanalyzer.runtime.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SsdAnchorsTest {
  @Test
  void shouldLayOut896AnchorsForBothVariants() {
    for (BlazeFaceDetector.Variant v : BlazeFaceDetector.Variant.values()) {
      assertEquals(896, v.anchors().length / 2, v.name());
      assertEquals(896, SsdAnchors.count(v.inputSize(), v.strides));
    }
  }

  @Test
  void shouldPutTwoAnchorsPerCellOnTheFineGridThenSixOnTheCoarse() {
    float[] a = SsdAnchors.generate(128, new int[] {8, 16, 16, 16}, 0.5f);
    // 16x16 grid, 2 per cell: anchors 0 and 1 share the first cell, anchor 2 is the next cell.
    assertEquals(0.5f / 16, a[0], 1e-7);
    assertEquals(0.5f / 16, a[1], 1e-7);
    assertEquals(a[0], a[2], 1e-7);
    assertEquals(1.5f / 16, a[4], 1e-7);
    // Last fine anchor: bottom-right cell.
    assertEquals(15.5f / 16, a[2 * 511], 1e-6);
    assertEquals(15.5f / 16, a[2 * 511 + 1], 1e-6);
    // Coarse 8x8 grid starts at 512, six anchors per cell.
    assertEquals(0.5f / 8, a[2 * 512], 1e-7);
    assertEquals(0.5f / 8, a[2 * 517], 1e-7);
    assertEquals(1.5f / 8, a[2 * 518], 1e-7);
  }

  @Test
  void shouldGiveTheBackModelTheSameGridAtTwiceTheStride() {
    float[] front = SsdAnchors.generate(128, new int[] {8, 16, 16, 16}, 0.5f);
    float[] back = SsdAnchors.generate(256, new int[] {16, 32, 32, 32}, 0.5f);
    assertEquals(front.length, back.length);
    for (int i = 0; i < front.length; i++) {
      assertEquals(front[i], back[i], 1e-7);
    }
  }
}
