package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.data.AffectLabels;
import io.affectanalyzer.train.loss.ExprCeLoss;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.Map;

/**
 * The plain baseline: one ViT with an 8-class expression head and cross-entropy (CoTEX with a
 * single view and no token dropping). Useful to compare CoTEX against, and small enough to test the
 * training machinery on.
 */
public final class VitExpressionTask implements TrainTask {
  private final VisionTransformer vit;

  public VitExpressionTask(VitConfig config) {
    this.vit =
        VisionTransformer.builder()
            .setConfig(config)
            .optNumClasses(AffectLabels.EXPR_COUNT)
            .build();
  }

  @Override
  public String kind() {
    return "vit";
  }

  @Override
  public Block model() {
    return vit;
  }

  @Override
  public int depth() {
    return vit.config().depth();
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    return new NDList(vit.forward(ps, images, training, 0f));
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    return Map.of("loss", ExprCeLoss.of(outputs.get(0), labels.get(0)));
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    return new Heads(vit.forward(ps, images, false, 0f).softmax(1), null, null);
  }
}
