package io.affectanalyzer.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.affectanalyzer.train.testing.Collector;
import org.junit.jupiter.api.Test;

class EmmaLossTest {
  @Test
  void shouldSumTheThreeTasksWithWeightOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList pred =
          new NDList(
              m.randomNormal(new Shape(4, 8)),
              m.randomNormal(new Shape(4, 12)),
              m.randomUniform(-1f, 1f, new Shape(4, 2)));
      NDList labels =
          new NDList(
              m.create(new long[] {1, 2, -1, 4}),
              m.randomInteger(0, 2, new Shape(4, 12), ai.djl.ndarray.types.DataType.FLOAT32),
              m.randomUniform(-1f, 1f, new Shape(4, 2)));
      EmmaLoss loss = new EmmaLoss();
      float expected =
          ExprCeLoss.of(pred.get(0), labels.get(0)).getFloat()
              + new AuBceLoss().of(pred.get(1), labels.get(1)).getFloat()
              + CccLoss.of(pred.get(2), labels.get(2)).getFloat();
      assertEquals(expected, loss.evaluate(labels, pred).getFloat(), 1e-5);
    }
  }

  @Test
  void shouldStayFiniteForABatchWithNoLabelAtAll() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList pred =
          new NDList(
              m.randomNormal(new Shape(2, 8)),
              m.randomNormal(new Shape(2, 12)),
              m.randomUniform(-1f, 1f, new Shape(2, 2)));
      NDList labels =
          new NDList(
              m.create(new long[] {-1, -1}),
              m.full(new Shape(2, 12), -1f),
              m.full(new Shape(2, 2), -5f));
      NDArray total = new EmmaLoss().evaluate(labels, pred);
      assertFalse(Float.isNaN(total.getFloat()));
      assertEquals(0f, total.getFloat(), 0f);
    }
  }

  @Test
  void shouldGiveTheSameGradientWhenTheGarbageCollectorRunsBeforeBackward() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList pred =
          new NDList(
              m.randomNormal(new Shape(6, 8)),
              m.randomNormal(new Shape(6, 12)),
              m.randomUniform(-1f, 1f, new Shape(6, 2)));
      NDList labels =
          new NDList(
              m.create(new long[] {1, 2, -1, 4, 0, 7}),
              m.randomInteger(0, 2, new Shape(6, 12), ai.djl.ndarray.types.DataType.FLOAT32),
              m.randomUniform(-1f, 1f, new Shape(6, 2)));
      pred.forEach(p -> p.setRequiresGradient(true));
      float[][] plain = gradients(pred, labels, false);
      float[][] collected = gradients(pred, labels, true);
      for (int i = 0; i < plain.length; i++) {
        assertArrayEquals(plain[i], collected[i], 1e-6f, "head " + i);
      }
    }
  }

  private static float[][] gradients(NDList pred, NDList labels, boolean collect) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray total = new EmmaLoss().evaluate(labels, pred);
      if (collect) {
        Collector.collectAndFree(); // freed the loss's constants before the Scalars fix
      }
      gc.backward(total);
    }
    float[][] grads = new float[pred.size()][];
    for (int i = 0; i < pred.size(); i++) {
      NDArray g = pred.get(i).getGradient();
      grads[i] = g.toFloatArray();
      g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
    }
    return grads;
  }

  @Test
  void shouldAddTheWeightedDistillationOfTheDanIntoTheVitAndTeachOnlyTheVit() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray student = m.randomNormal(new Shape(4, 8));
      NDArray teacher = m.randomNormal(new Shape(4, 8));
      NDList labels =
          new NDList(
              m.create(new long[] {1, -1, -1, 4}),
              m.full(new Shape(4, 12), -1f),
              m.full(new Shape(4, 2), -5f));
      NDList pred = new NDList(student, m.zeros(new Shape(4, 12)), m.zeros(new Shape(4, 2)));
      pred.add(teacher);
      float plain = new EmmaLoss().evaluate(labels, pred).getFloat();
      // KL(teacher || student) by hand, mean over the rows (unlabelled ones included).
      float[] s = student.logSoftmax(1).toFloatArray();
      float[] t = teacher.logSoftmax(1).toFloatArray();
      double kl = 0;
      for (int i = 0; i < s.length; i++) {
        kl += Math.exp(t[i]) * (t[i] - s[i]);
      }
      kl /= 4;
      EmmaLoss distilled = new EmmaLoss(new AuBceLoss(), 0.5f);
      assertEquals(plain + 0.5 * kl, distilled.evaluate(labels, pred).getFloat(), 1e-5);
      assertEquals(kl, distilled.parts(labels, pred).distill().getFloat(), 1e-5);
      // A student that already agrees with its teacher has nothing to learn from it.
      assertEquals(0f, Distillation.of(teacher, teacher).getFloat(), 1e-6f);

      student.setRequiresGradient(true);
      teacher.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(Distillation.of(student, teacher));
      }
      float[] gs = student.getGradient().toFloatArray();
      float[] gt = teacher.getGradient().toFloatArray();
      float most = 0;
      for (int i = 0; i < gs.length; i++) {
        most = Math.max(most, Math.abs(gs[i]));
        assertEquals(0f, gt[i], 0f, "the frozen DAN must get no gradient");
      }
      assertTrue(most > 1e-3f, "the ViT's logits got no gradient");
    }
  }

  @Test
  void shouldRefuseANegativeDistillationWeight() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new EmmaLoss(new AuBceLoss(), -1f));
  }
}
