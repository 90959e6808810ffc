package io.affectanalyzer.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CotexLossTest {
  @Test
  void shouldAddBothCrossEntropiesAndWeightedJs() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray l1 = m.randomNormal(new Shape(3, 6));
      NDArray l2 = m.randomNormal(new Shape(3, 6));
      NDArray y = m.create(new long[] {0, 5, -1});
      float expected =
          ExprCeLoss.of(l1, y).getFloat()
              + ExprCeLoss.of(l2, y).getFloat()
              + 2.5f * JsDivergence.of(l1, l2).getFloat();
      float got = new CotexLoss(2.5f).evaluate(new NDList(y), new NDList(l1, l2)).getFloat();
      assertEquals(expected, got, 1e-5);
    }
  }
}
