package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.affectanalyzer.train.data.DataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rebuilds the model of an earlier run from its checkpoint (the config saved in {@code state.json})
 * and loads its parameters, e.g. an MAE encoder for EMMA/CoTEX or a DAN for EMMA.
 */
public final class Pretrained {
  private Pretrained() {}

  /**
   * {@code path}: a checkpoint folder or a run folder (its latest checkpoint). The block is
   * initialised in {@code manager}; the caller copies what it needs and may then drop it.
   */
  public static Block load(Path path, String expectedKind, NDManager manager) {
    Path checkpoint =
        Files.isRegularFile(path.resolve(Checkpoint.STATE))
            ? path
            : Checkpoint.latest(path)
                .orElseThrow(() -> DataFormatException.of(path, "no checkpoint of a training run"));
    Checkpoint.State state = Checkpoint.readState(checkpoint);
    if (!expectedKind.equals(state.kind())) {
      throw DataFormatException.of(
          checkpoint, "is a '" + state.kind() + "' checkpoint, expected '" + expectedKind + "'");
    }
    TrainConfig config = TrainConfig.JSON.convertValue(state.config(), TrainConfig.class);
    Block block = Tasks.create(config, checkpoint).model();
    block.initialize(
        manager, DataType.FLOAT32, new Shape(1, 3, config.inputSize(), config.inputSize()));
    Checkpoint.load(checkpoint, block, null, manager);
    return block;
  }
}
