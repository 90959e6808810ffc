package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.mae.MaskedAutoencoder;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Map;

/**
 * MAE pretraining on faces (labels unused): the facial prior EMMA and CoTEX start from. Model
 * settings: {@code maskRatio} (0.75), {@code decoderWidth} (512), {@code decoderDepth} (8), {@code
 * decoderHeads} (16), {@code normPix} (true).
 */
public final class MaeTask implements TrainTask {
  private final MaskedAutoencoder mae;

  public MaeTask(TrainConfig config, VitConfig vit) {
    this.mae =
        MaskedAutoencoder.builder()
            .setConfig(vit)
            .optMaskRatio((float) config.modelNumber("maskRatio", 0.75))
            .optDecoderWidth((int) config.modelNumber("decoderWidth", 512))
            .optDecoderDepth((int) config.modelNumber("decoderDepth", 8))
            .optDecoderHeads((int) config.modelNumber("decoderHeads", 16))
            .optNormPixLoss(!"false".equals(config.modelString("normPix", "true")))
            .build();
  }

  @Override
  public String kind() {
    return "mae";
  }

  @Override
  public Block model() {
    return mae;
  }

  @Override
  public int depth() {
    return mae.config().depth();
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    return mae.forward(ps, new NDList(images), training);
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    return Map.of("loss", outputs.get(0));
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    return new Heads(null, null, null);
  }

  @Override
  public Map<String, NDArray> validationLosses(ParameterStore ps, NDArray images, NDList labels) {
    return Map.of("loss", mae.forward(ps, new NDList(images), false).get(0));
  }
}
