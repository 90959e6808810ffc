package io.affectanalyzer.train.emma;

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
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.loss.AuBceLoss;
import io.affectanalyzer.train.loss.CccLoss;
import io.affectanalyzer.train.loss.EmmaLoss;
import io.affectanalyzer.train.testing.CkPlusFaces;
import io.affectanalyzer.train.testing.Gradients;
import io.affectanalyzer.train.vit.VitConfig;
import org.junit.jupiter.api.Test;

/** A tiny EMMA must be able to learn 64 real CK+ faces by heart: the model and losses do move. */
class EmmaOverfitTest {
  private static final int FACES = 64;
  private static final int STEPS = 80;

  @Test
  void shouldOverfitSixtyFourCkPlusFaces() {
    Engine.getInstance().setRandomSeed(1);
    Emma emma =
        Emma.builder()
            .setVitConfig(VitConfig.vitMicro8At48())
            .setDanConfig(new DanConfig("dan-micro-s2-48", 8, 4, 8, DanConfig.Stem.STRIDE2, 48))
            .optHeadWidth(128)
            .optVaWidth(64)
            .build();
    EmmaLoss loss = new EmmaLoss();
    try (Model model = Model.newInstance("emma-overfit")) {
      model.setBlock(emma);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(FACES, 3, 48, 48));
        NDList data = CkPlusFaces.load(trainer.getManager(), FACES);
        NDArray images = data.get(0);
        NDList labels = new NDList(data.get(1), data.get(2), data.get(3));
        ParameterStore eval = new ParameterStore(trainer.getManager(), false);
        EmmaTest.calibrate(emma, eval, images); // stands in for a pretrained DAN
        AuBceLoss au = new AuBceLoss();
        float auBefore;
        try (NDManager tmp = trainer.getManager().newSubManager()) {
          NDList out = emma.forward(eval, new NDList(local(images, tmp)), false);
          auBefore = au.of(out.get(1), labels.get(1)).getFloat();
        }
        int dropped = 0;
        for (int step = 0; step < STEPS; step++) {
          // One manager per step frees its activations (a real trainer uses the batch's manager).
          try (NDManager batch = trainer.getManager().newSubManager();
              GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(local(images, batch)));
            gc.backward(loss.evaluate(labels, out));
          }
          if (Gradients.dropIfNotFinite(emma)) {
            dropped++;
          } else {
            trainer.step();
          }
        }
        NDList out = emma.forward(eval, new NDList(images), false);
        double accuracy = CkPlusFaces.accuracy(out.get(0), labels.get(0));
        float auAfter = au.of(out.get(1), labels.get(1)).getFloat();
        float va = CccLoss.of(out.get(2), labels.get(2)).getFloat();
        System.out.printf(
            "EMMA overfit on %d CK+ faces, %d steps: expression accuracy %.3f, AU loss %.3f -> %.3f,"
                + " valence 1-CCC %.3f%n",
            FACES, STEPS, accuracy, auBefore, auAfter, va);
        assertTrue(
            dropped <= STEPS / 10, dropped + " of " + STEPS + " steps had a non-finite gradient");
        assertTrue(accuracy >= 0.95, "expression accuracy " + accuracy);
        assertTrue(auAfter <= auBefore / 2, "AU loss " + auBefore + " -> " + auAfter);
      }
    }
  }

  private static NDArray local(NDArray array, NDManager manager) {
    NDArray copy = array.duplicate();
    copy.attach(manager);
    return copy;
  }
}
