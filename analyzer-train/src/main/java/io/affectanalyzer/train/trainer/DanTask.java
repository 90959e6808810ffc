package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.data.AffectLabels;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.loss.ExprCeLoss;
import java.util.Map;

/**
 * DAN, the CNN expression branch EMMA freezes: 8-class cross-entropy. Model setting {@code dan}:
 * dan-r18-224, dan-r18-112, dan-r18-64 or dan-micro-48 (default: the one for the input size).
 */
public final class DanTask implements TrainTask {
  private final Dan dan;

  public DanTask(TrainConfig config) {
    this.dan = Dan.builder().setConfig(danConfig(config, AffectLabels.EXPR_COUNT)).build();
  }

  static DanConfig danConfig(TrainConfig config, int classes) {
    String fallback =
        switch (config.inputSize()) {
          case 48 -> "dan-micro-48";
          case 64 -> "dan-r18-64";
          case 112 -> "dan-r18-112";
          default -> "dan-r18-224";
        };
    String name = config.modelString("dan", fallback);
    DanConfig preset =
        switch (name) {
          case "dan-r18-224" -> DanConfig.danResNet18At224(classes);
          case "dan-r18-112" -> DanConfig.danResNet18At112(classes);
          case "dan-r18-64" -> DanConfig.danResNet18At64(classes);
          case "dan-r18w16-48" -> DanConfig.danW16At48(classes);
          case "dan-micro-48" -> DanConfig.danMicroAt48(classes);
          default ->
              throw new DataFormatException(
                  "unknown DAN preset '"
                      + name
                      + "'; known: dan-r18-224, dan-r18-112, dan-r18-64, dan-r18w16-48, dan-micro-48");
        };
    if (preset.inputSize() != config.inputSize()) {
      throw new DataFormatException(
          "DAN preset "
              + name
              + " is for "
              + preset.inputSize()
              + " px, the config's inputSize is "
              + config.inputSize());
    }
    return preset;
  }

  @Override
  public String kind() {
    return "dan";
  }

  @Override
  public Block model() {
    return dan;
  }

  @Override
  public int depth() {
    return 0;
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    return dan.forward(ps, new NDList(images), training);
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    return Map.of("loss", ExprCeLoss.of(outputs.get(0), labels.get(0)));
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    return new Heads(dan.forward(ps, new NDList(images), false).get(0).softmax(1), null, null);
  }
}
