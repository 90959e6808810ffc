package io.affectanalyzer.train.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RandomMaskingTest {
  @Test
  void shouldKeepTheRightNumberOfOriginalTokensAndMarkTheRest() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Token t of sample s carries the value 100 s + t in every channel.
      NDArray x =
          m.arange(0f, 2 * 16f)
              .reshape(2, 16, 1)
              .add(m.create(new float[] {0f, 84f}).reshape(2, 1, 1))
              .repeat(2, 4);
      RandomMasking.Result r = RandomMasking.apply(x, 0.75f);
      assertEquals(new Shape(2, 4, 4), r.kept().getShape());
      assertArrayEquals(new float[] {12f, 12f}, r.mask().sum(new int[] {1}).toFloatArray(), 0f);
      float[] mask = r.mask().toFloatArray();
      float[] kept = r.kept().get(":, :, 0").toFloatArray();
      for (int s = 0; s < 2; s++) {
        for (int k = 0; k < 4; k++) {
          int token = (int) (kept[s * 4 + k] - 100 * s);
          assertEquals(0f, mask[s * 16 + token], 0f, "a kept token is marked as dropped");
        }
      }
    }
  }

  @Test
  void shouldDrawIndependentMasksPerCallAndPerSample() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 64, 8));
      NDArray a = RandomMasking.apply(x, 0.5f).mask();
      NDArray b = RandomMasking.apply(x, 0.5f).mask();
      assertNotEquals(0f, a.sub(b).abs().sum().getFloat(), "two views got the same mask");
      assertNotEquals(
          0f, a.get("0").sub(a.get("1")).abs().sum().getFloat(), "samples share a mask");
    }
  }

  @Test
  void shouldRestoreTheOriginalOrderWithIdsRestore() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(3, 10, 2));
      RandomMasking.Result r = RandomMasking.apply(x, 0.3f);
      NDArray order = r.idsRestore().argSort(1); // the shuffle itself
      NDArray shuffled = x.gather(order.expandDims(2).repeat(2, 2), 1);
      NDArray back = shuffled.gather(r.idsRestore().expandDims(2).repeat(2, 2), 1);
      assertArrayEquals(x.toFloatArray(), back.toFloatArray(), 0f);
      assertEquals(DataType.INT64, r.idsRestore().getDataType());
    }
  }
}
