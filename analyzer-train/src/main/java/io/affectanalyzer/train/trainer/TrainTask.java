package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.data.Sample;
import java.util.List;
import java.util.Map;

/**
 * One kind of training (MAE, DAN, EMMA, CoTEX, ...): its model and how to turn a batch into a loss
 * and, for validation, into {@link Heads}. The {@link Trainer} owns the loop, the optimiser and the
 * files; a task only knows its model.
 */
public interface TrainTask {
  /** "emma", "cotex", ...: written into checkpoints and metrics. */
  String kind();

  /** The block whose parameters are trained and checkpointed (built, not yet initialised). */
  Block model();

  /** Depth of the ViT for layer-wise lr decay (0 when the model has no ViT). */
  int depth();

  /** Raw training outputs of {@code images [N, 3, H, W]}. */
  NDList forward(ParameterStore ps, NDArray images, boolean training);

  /** The terms of the loss by name; {@code "loss"} is the total that is backpropagated. */
  Map<String, NDArray> losses(NDList labels, NDList outputs);

  /**
   * Predictions for validation, from an inference forward ({@code training=false}); all-null heads
   * when the task has none.
   */
  Heads heads(ParameterStore ps, NDArray images);

  /**
   * Losses to average over the validation set (e.g. MAE's reconstruction loss), from an inference
   * forward; none by default.
   */
  default Map<String, NDArray> validationLosses(ParameterStore ps, NDArray images, NDList labels) {
    return Map.of();
  }

  /**
   * Called once with the training samples before the first step (e.g. to weigh a loss by label
   * frequencies); returns lines worth telling the user, none by default.
   */
  default List<String> prepare(List<Sample> train) {
    return List.of();
  }

  /** Called once after the trainer initialised the model (e.g. to load a pretrained encoder). */
  default void afterInitialize(NDManager manager) {}
}
