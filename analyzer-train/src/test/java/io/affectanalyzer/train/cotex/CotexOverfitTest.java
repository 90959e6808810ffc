package io.affectanalyzer.train.cotex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.affectanalyzer.train.loss.CotexLoss;
import io.affectanalyzer.train.testing.CkPlusFaces;
import io.affectanalyzer.train.testing.Gradients;
import io.affectanalyzer.train.vit.VitConfig;
import org.junit.jupiter.api.Test;

/** A tiny masked CoTEX must learn 64 real CK+ faces by heart, judged without masking. */
class CotexOverfitTest {
  private static final int FACES = 64;
  private static final int STEPS = 150;

  @Test
  void shouldOverfitSixtyFourCkPlusFacesWithHalfTheTokensDropped() {
    Engine.getInstance().setRandomSeed(2);
    Cotex cotex =
        Cotex.builder()
            .setConfig(VitConfig.vitMicro8At48())
            .optNumClasses(8)
            .optTokenDropRatio(0.5f)
            .build();
    CotexLoss loss = new CotexLoss(1f);
    try (Model model = Model.newInstance("cotex-overfit")) {
      model.setBlock(cotex);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(FACES, 3, 48, 48));
        NDList data = CkPlusFaces.load(trainer.getManager(), FACES);
        NDArray images = data.get(0);
        NDList labels = new NDList(data.get(1));
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        int skipped = 0;
        for (int step = 0; step < STEPS; step++) {
          // One manager per step frees its activations (a real trainer uses the batch's manager).
          try (NDManager batch = trainer.getManager().newSubManager();
              GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(local(images, batch)));
            NDArray value = loss.evaluate(labels, out);
            lastLoss = value.getFloat();
            firstLoss = step == 0 ? lastLoss : firstLoss;
            gc.backward(value);
          }
          if (Gradients.dropIfNotFinite(cotex)) {
            skipped++;
          } else {
            trainer.step();
          }
        }
        ParameterStore eval = new ParameterStore(trainer.getManager(), false);
        NDArray probs = cotex.forward(eval, new NDList(images), false).singletonOrThrow();
        double accuracy = CkPlusFaces.accuracy(probs, labels.get(0));
        System.out.printf(
            "CoTEX (r 0.5) overfit on %d CK+ faces, %d steps (%d dropped): loss %.3f -> %.3f,"
                + " accuracy %.3f%n",
            FACES, STEPS, skipped, firstLoss, lastLoss, accuracy);
        assertTrue(
            skipped <= STEPS / 10, skipped + " of " + STEPS + " steps had a non-finite gradient");
        assertTrue(lastLoss < firstLoss / 4, "loss " + firstLoss + " -> " + lastLoss);
        assertTrue(accuracy >= 0.95, "expression accuracy " + accuracy);
      }
    }
  }

  private static NDArray local(NDArray array, NDManager manager) {
    NDArray copy = array.duplicate();
    copy.attach(manager);
    return copy;
  }
}
