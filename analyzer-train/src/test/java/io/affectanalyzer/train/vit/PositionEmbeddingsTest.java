package io.affectanalyzer.train.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PositionEmbeddingsTest {
  @Test
  void shouldReturnTheSameTableWhenResizedToItsOwnGrid() {
    float[] table = PositionEmbeddings.sinCos2d(16, 5);
    assertArrayEquals(table, PositionEmbeddings.resize(table, 16, 5, 5), 0f);
  }

  @Test
  void shouldKeepALinearRampLinearWhenUpsampled() {
    // One channel that equals the column index: bilinear resizing maps it to source coordinates.
    int from = 4;
    float[] table = new float[(1 + from * from)];
    table[0] = 42f;
    for (int i = 0; i < from * from; i++) {
      table[1 + i] = i % from;
    }
    float[] out = PositionEmbeddings.resize(table, 1, from, 8);
    assertEquals(42f, out[0], 0f);
    assertEquals(0f, out[1], 1e-6); // clamped edge
    assertEquals(0.25f, out[2], 1e-6); // (1 + 0.5) * 0.5 - 0.5
    assertEquals(3f, out[8], 1e-6); // clamped far edge
  }

  @Test
  void shouldPutZerosInTheClsSlotAndUnitNormPairsElsewhere() {
    float[] table = PositionEmbeddings.sinCos2d(8, 3);
    for (int k = 0; k < 8; k++) {
      assertEquals(0f, table[k], 0f);
    }
    int row = 1 + 4; // patch (1, 1)
    double s = table[row * 8] * table[row * 8] + table[row * 8 + 2] * table[row * 8 + 2];
    assertEquals(1.0, s, 1e-6); // sin^2 + cos^2 of the first frequency
  }
}
