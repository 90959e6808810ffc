package io.affectanalyzer.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static Block mlp(NDManager m) {
    SequentialBlock b = new SequentialBlock();
    b.add(Linear.builder().setUnits(16).build());
    b.add(LayerNorm.builder().build());
    b.add(Linear.builder().setUnits(3).build());
    b.initialize(m, DataType.FLOAT32, new Shape(8, 5));
    for (Pair<String, Parameter> p : b.getParameters()) {
      p.getValue().getArray().setRequiresGradient(true);
    }
    return b;
  }

  private static void copy(Block from, Block to) {
    var a = from.getParameters();
    var b = to.getParameters();
    for (int i = 0; i < a.size(); i++) {
      b.valueAt(i).getArray().set(a.valueAt(i).getArray().toFloatArray());
    }
  }

  private static void backward(Block b, NDArray x, NDArray y, float weight) {
    ParameterStore ps = new ParameterStore(x.getManager(), false);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray out = b.forward(ps, new NDList(x), true).singletonOrThrow();
      gc.backward(out.sub(y).square().mean().mul(weight));
    }
  }

  private static List<NDArray> grads(Block b) {
    List<NDArray> g = new ArrayList<>();
    b.getParameters().forEach(p -> g.add(p.getValue().getArray().getGradient()));
    return g;
  }

  private static AdamW adamW(Block b, NDManager m) {
    OptimConfig c = new OptimConfig(1e-2, 0, 0.05, 0.65, 0, 0, 2, 0.9, 0.999, 1e-8);
    return new AdamW(
        b.getParameters(), new LayerDecay(1, 0.65), c, new LrSchedule(1e-2, 0, 0, 10), m);
  }

  @Test
  void shouldMatchTheBiggerBatchWhenAccumulatingTwoHalves() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      Block big = mlp(m);
      Block acc = mlp(m);
      copy(big, acc);
      NDArray x = m.randomNormal(new Shape(8, 5));
      NDArray y = m.randomNormal(new Shape(8, 3));
      backward(big, x, y, 1f);
      backward(acc, x.get("0:4"), y.get("0:4"), 0.5f);
      backward(acc, x.get("4:8"), y.get("4:8"), 0.5f);
      List<NDArray> gBig = grads(big);
      List<NDArray> gAcc = grads(acc);
      for (int i = 0; i < gBig.size(); i++) {
        assertArrayEquals(gBig.get(i).toFloatArray(), gAcc.get(i).toFloatArray(), 1e-5f);
      }
      try (AdamW a = adamW(big, m);
          AdamW b = adamW(acc, m)) {
        a.step();
        b.step();
        for (int i = 0; i < gBig.size(); i++) {
          assertArrayEquals(
              big.getParameters().valueAt(i).getArray().toFloatArray(),
              acc.getParameters().valueAt(i).getArray().toFloatArray(),
              1e-5f);
        }
        // Gradients are zeroed by the step, ready for the next accumulation.
        assertEquals(0.0, GradientClipper.globalNorm(grads(acc)), 0.0);
      }
    }
  }

  @Test
  void shouldMoveFirstStepByLearningRateTimesSignAndDecayOnlyWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block b = mlp(m);
      NDArray x = m.randomNormal(new Shape(8, 5));
      backward(b, x, m.randomNormal(new Shape(8, 3)), 1f);
      var params = b.getParameters();
      float[] w0 = params.get("03Linear_weight").getArray().toFloatArray();
      float[] g0 = params.get("03Linear_weight").getArray().getGradient().toFloatArray();
      float[] beta0 = params.get("02LayerNorm_beta").getArray().toFloatArray();
      float[] gb = params.get("02LayerNorm_beta").getArray().getGradient().toFloatArray();
      try (AdamW opt = adamW(b, m)) {
        opt.step();
        assertEquals(1, opt.stepCount());
        assertEquals(1e-2, opt.lastLr(), 1e-12);
        float[] w1 = params.get("03Linear_weight").getArray().toFloatArray();
        float[] beta1 = params.get("02LayerNorm_beta").getArray().toFloatArray();
        // Step one of Adam is lr * g / (|g| + eps) = lr * sign(g); the head has scale 1 and decays.
        for (int i = 0; i < w0.length; i++) {
          float expected = w0[i] * (1 - 1e-2f * 0.05f) - 1e-2f * Math.signum(g0[i]);
          assertEquals(expected, w1[i], 1e-5f);
        }
        // The norm's shift sits below the top (depth 1, decay 0.65: it is no block, so scale 1)
        // and has no weight decay.
        for (int i = 0; i < beta0.length; i++) {
          assertEquals(beta0[i] - 1e-2f * Math.signum(gb[i]), beta1[i], 1e-5f);
        }
      }
    }
  }

  @Test
  void shouldSkipANonFiniteStepAndTrainNormallyAfterIt() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block b = mlp(m);
      NDArray x = m.randomNormal(new Shape(8, 5));
      NDArray y = m.randomNormal(new Shape(8, 3));
      backward(b, x, y, 1f);
      var params = b.getParameters();
      NDArray bias = params.get("03Linear_bias").getArray();
      bias.getGradient().set(new float[] {Float.NaN, 1f, 1f});
      List<float[]> before = new ArrayList<>();
      params.forEach(p -> before.add(p.getValue().getArray().toFloatArray()));
      float[] biasBefore = bias.toFloatArray();
      try (AdamW opt = adamW(b, m)) {
        opt.step();
        assertEquals(1, opt.skippedSteps());
        assertEquals(1, opt.stepCount(), "the schedule still advances");
        for (int i = 0; i < before.size(); i++) {
          assertArrayEquals(before.get(i), params.valueAt(i).getArray().toFloatArray(), 0f);
        }
        // The NaN is gone from the gradient, so the next batch trains (g - g would keep it).
        assertEquals(0.0, GradientClipper.globalNorm(grads(b)), 0.0);
        backward(b, x, y, 1f);
        opt.step();
        assertEquals(1, opt.skippedSteps());
        float[] after = bias.toFloatArray();
        for (int i = 0; i < after.length; i++) {
          assertTrue(Float.isFinite(after[i]) && after[i] != biasBefore[i], "bias " + i);
        }
      }
    }
  }

  @Test
  void shouldContinueFromACheckpointAsIfNeverStopped() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      Block run = mlp(m);
      Block resumed = mlp(m);
      NDArray x = m.randomNormal(new Shape(8, 5));
      NDArray y = m.randomNormal(new Shape(8, 3));
      try (AdamW a = adamW(run, m);
          AdamW b = adamW(resumed, m)) {
        a.restoreStepOnly(2); // moments younger than the step: their age must be saved too
        for (int i = 0; i < 3; i++) {
          backward(run, x, y, 1f);
          a.step();
        }
        copy(run, resumed);
        NDList saved = NDList.decode(m, a.stateForCheckpoint().encode());
        b.restore(saved, a.stepCount());
        backward(run, x, y, 1f);
        backward(resumed, x, y, 1f);
        a.step();
        b.step();
        for (int i = 0; i < run.getParameters().size(); i++) {
          assertArrayEquals(
              run.getParameters().valueAt(i).getArray().toFloatArray(),
              resumed.getParameters().valueAt(i).getArray().toFloatArray(),
              1e-6f);
        }
      }
    }
  }

  @Test
  void shouldStartFreshMomentsWithABiasCorrectedFirstStep() {
    try (NDManager m = NDManager.newBaseManager()) {
      Block b = mlp(m);
      backward(b, m.randomNormal(new Shape(8, 5)), m.randomNormal(new Shape(8, 3)), 1f);
      var params = b.getParameters();
      float[] beta0 = params.get("02LayerNorm_beta").getArray().toFloatArray();
      float[] gb = params.get("02LayerNorm_beta").getArray().getGradient().toFloatArray();
      try (AdamW opt = adamW(b, m)) {
        opt.restoreStepOnly(5); // the schedule goes on (lr 0.5e-2 half-way), the moments start at 0
        opt.step();
        assertEquals(6, opt.stepCount());
        double lr = opt.lastLr();
        assertEquals(0.5e-2, lr, 1e-9);
        // As on a run's first step: lr * sign(g), not what zero moments would give with the bias
        // correction of step 6 (0.52 lr; late in a run, 3.2 lr).
        float[] beta1 = params.get("02LayerNorm_beta").getArray().toFloatArray();
        for (int i = 0; i < beta0.length; i++) {
          assertEquals(beta0[i] - lr * Math.signum(gb[i]), beta1[i], 1e-5);
        }
      }
    }
  }

  @Test
  void shouldClipGradientsToTheGlobalNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<NDArray> g = List.of(m.create(new float[] {3, 0}), m.create(new float[] {0, 4, 0}));
      double before = GradientClipper.clip(g, 1.0);
      assertEquals(5.0, before, 1e-6);
      assertEquals(1.0, GradientClipper.globalNorm(g), 1e-5);
      assertArrayEquals(new float[] {0.6f, 0f}, g.get(0).toFloatArray(), 1e-5f);
      List<NDArray> small = List.of(m.create(new float[] {0.3f, 0.4f}));
      GradientClipper.clip(small, 1.0);
      assertArrayEquals(new float[] {0.3f, 0.4f}, small.get(0).toFloatArray(), 0f);
      assertTrue(GradientClipper.globalNorm(small) < 1.0);
    }
  }
}
