package io.affectanalyzer.train.cotex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.Scalars;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import io.affectanalyzer.train.vit.WeightTransfer;

/**
 * Masked CoTEX: two ViTs ({@code vit1}, {@code vit2}, each with its own class head) that start from
 * the same weights. In training each drops an independent random subset of patch tokens at ratio
 * {@code r} and the forward gives {@code NDList(logits1, logits2)}; in inference nothing is dropped
 * and it gives {@code NDList(avgProbs)}, the mean of the two softmaxes.
 */
public final class Cotex extends AbstractBlock {
  private final VitConfig config;
  private final int numClasses;
  private final float tokenDropRatio;
  private final VisionTransformer vit1;
  private final VisionTransformer vit2;

  private Cotex(Builder b) {
    config = b.config;
    numClasses = b.numClasses;
    tokenDropRatio = b.tokenDropRatio;
    vit1 = addChildBlock("vit1", vit(config, numClasses));
    vit2 = addChildBlock("vit2", vit(config, numClasses));
  }

  private static VisionTransformer vit(VitConfig config, int classes) {
    return VisionTransformer.builder().setConfig(config).optNumClasses(classes).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public VitConfig config() {
    return config;
  }

  public int numClasses() {
    return numClasses;
  }

  public float tokenDropRatio() {
    return tokenDropRatio;
  }

  public VisionTransformer vit1() {
    return vit1;
  }

  public VisionTransformer vit2() {
    return vit2;
  }

  /** Loads a pretrained encoder (MAE or ViT) into both views; their heads stay as they are. */
  public void loadEncoder(Block encoder) {
    WeightTransfer.encoderIntoVit(encoder, vit1);
    WeightTransfer.encoderIntoVit(encoder, vit2);
  }

  /** Loads a trained DAN's trunk into both ViTs' ResNet trunks (a {@code vith-} preset). */
  public void loadTrunk(Block trainedDan) {
    WeightTransfer.trunkFromDan(trainedDan, vit1, "patchEmbed.");
    WeightTransfer.trunkFromDan(trainedDan, vit2, "patchEmbed.");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    if (training) {
      NDArray logits1 = vit1.forward(ps, images, true, tokenDropRatio);
      NDArray logits2 = vit2.forward(ps, images, true, tokenDropRatio);
      return new NDList(logits1, logits2);
    }
    NDArray p1 = vit1.forward(ps, images, false, 0f).softmax(1);
    NDArray p2 = vit2.forward(ps, images, false, 0f).softmax(1);
    return new NDList(Scalars.mul(p1.add(p2), 0.5f));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape out = new Shape(inputShapes[0].get(0), numClasses);
    return new Shape[] {out, out};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    vit1.initialize(manager, dataType, inputShapes);
    vit2.initialize(manager, dataType, inputShapes);
    // Both views start from the same weights (the paper loads one MAE checkpoint into both).
    WeightTransfer.copy(vit1, vit2, "", n -> true);
  }

  /**
   * Builder: {@code setConfig} required; {@code optNumClasses} (8), {@code optTokenDropRatio}
   * (0.75, the paper's best; 0 disables dropping).
   */
  public static final class Builder {
    private VitConfig config;
    private int numClasses = 8;
    private float tokenDropRatio = 0.75f;

    public Builder setConfig(VitConfig config) {
      this.config = config;
      return this;
    }

    public Builder optNumClasses(int classes) {
      this.numClasses = classes;
      return this;
    }

    public Builder optTokenDropRatio(float ratio) {
      this.tokenDropRatio = ratio;
      return this;
    }

    public Cotex build() {
      if (config == null) {
        throw new IllegalArgumentException("CoTEX needs a VitConfig");
      }
      if (numClasses < 2) {
        throw new IllegalArgumentException("CoTEX needs at least 2 classes, got " + numClasses);
      }
      if (tokenDropRatio < 0 || tokenDropRatio >= 1) {
        throw new IllegalArgumentException(
            "CoTEX token-drop ratio must be in [0, 1), got " + tokenDropRatio);
      }
      return new Cotex(this);
    }
  }
}
