package io.affectanalyzer.train.emma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.nn.MlpHead;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import io.affectanalyzer.train.vit.WeightTransfer;

/**
 * EMMA multi-task model. Children: {@code vit} (a ViT without its own head), {@code head} (Linear D
 * to 512, ReLU, Linear 512 to 20: logits 0-7 expressions, 8-19 AUs), {@code dan} (frozen: always
 * run in inference mode, no gradient, BatchNorm statistics fixed), {@code vaHead} (Linear 28 to
 * 256, ReLU, Linear 256 to 2, then tanh) on the detached concat of DAN's 8 and the ViT's 20 logits,
 * so only the VA layers learn from the VA loss.
 *
 * <p>Images {@code [N, 3, H, W]} to {@code NDList(exprLogits [N, 8], auLogits [N, 12], va [N, 2])}.
 */
public final class Emma extends AbstractBlock {
  public static final int EXPRESSIONS = ModelContract.EXPRESSION_NAMES.size();
  public static final int AUS = ModelContract.AU_NAMES.size();

  private final VitConfig vitConfig;
  private final DanConfig danConfig;
  private final VisionTransformer vit;
  private final MlpHead head;
  private final Dan dan;
  private final MlpHead vaHead;

  private Emma(Builder b) {
    vitConfig = b.vitConfig;
    danConfig = b.danConfig;
    vit = addChildBlock("vit", VisionTransformer.builder().setConfig(vitConfig).build());
    head = addChildBlock("head", new MlpHead(b.headWidth, EXPRESSIONS + AUS));
    dan = addChildBlock("dan", Dan.builder().setConfig(danConfig).build());
    vaHead = addChildBlock("vaHead", new MlpHead(b.vaWidth, 2));
    dan.freezeParameters(true);
  }

  public static Builder builder() {
    return new Builder();
  }

  public VitConfig vitConfig() {
    return vitConfig;
  }

  public DanConfig danConfig() {
    return danConfig;
  }

  public VisionTransformer vit() {
    return vit;
  }

  public Dan dan() {
    return dan;
  }

  /** Loads a pretrained encoder (MAE or ViT, same width/depth) into {@code vit}. */
  public WeightTransfer.Report loadEncoder(Block encoder) {
    return WeightTransfer.copy(encoder, this, "vit.", WeightTransfer.encoderNamesFor(vitConfig()));
  }

  /** Loads a trained DAN's trunk into the ViT's ResNet trunk (a {@code vith-} preset). */
  public WeightTransfer.Report loadTrunk(Block trainedDan) {
    return WeightTransfer.trunkFromDan(trainedDan, this, "vit.patchEmbed.");
  }

  /** Loads a trained DAN (same config) into the frozen {@code dan}. */
  public WeightTransfer.Report loadDan(Dan trained) {
    WeightTransfer.Report report = WeightTransfer.copy(trained, this, "dan.", n -> true);
    dan.freezeParameters(true);
    return report;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    NDArray cls = vit.pool(vit.forwardFeatures(ps, images, training, 0f)); // [N, D]
    NDArray logits = head.forward(ps, new NDList(cls), training).singletonOrThrow(); // [N, 20]
    NDArray expr = logits.get(":, 0:" + EXPRESSIONS);
    NDArray au = logits.get(":, " + EXPRESSIONS + ":");
    NDArray danLogits = dan.forward(ps, inputs, false).singletonOrThrow(); // [N, 8], eval mode
    NDArray scores = NDArrays.concat(new NDList(danLogits, logits), 1).stopGradient(); // [N, 28]
    NDArray va = vaHead.forward(ps, new NDList(scores), training).singletonOrThrow().tanh();
    return new NDList(expr, au, va, danLogits); // the DAN's logits: a teacher for distillation
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {
      new Shape(n, EXPRESSIONS), new Shape(n, AUS), new Shape(n, 2), new Shape(n, EXPRESSIONS)
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long n = inputShapes[0].get(0);
    vit.initialize(manager, dataType, inputShapes);
    head.initialize(manager, dataType, new Shape(n, vitConfig.width()));
    dan.initialize(manager, dataType, inputShapes);
    vaHead.initialize(manager, dataType, new Shape(n, danConfig.numClasses() + EXPRESSIONS + AUS));
  }

  /**
   * Builder: {@code setVitConfig}, {@code setDanConfig} (8 classes, same input size) required;
   * {@code optHeadWidth} (512), {@code optVaWidth} (256).
   */
  public static final class Builder {
    private VitConfig vitConfig;
    private DanConfig danConfig;
    private int headWidth = 512;
    private int vaWidth = 256;

    public Builder setVitConfig(VitConfig config) {
      this.vitConfig = config;
      return this;
    }

    public Builder setDanConfig(DanConfig config) {
      this.danConfig = config;
      return this;
    }

    public Builder optHeadWidth(int width) {
      this.headWidth = width;
      return this;
    }

    public Builder optVaWidth(int width) {
      this.vaWidth = width;
      return this;
    }

    public Emma build() {
      if (vitConfig == null || danConfig == null) {
        throw new IllegalArgumentException("EMMA needs both a ViT and a DAN config");
      }
      if (danConfig.numClasses() != EXPRESSIONS) {
        throw new IllegalArgumentException(
            "EMMA's DAN must have " + EXPRESSIONS + " classes, got " + danConfig.numClasses());
      }
      if (danConfig.inputSize() != vitConfig.inputSize()) {
        throw new IllegalArgumentException(
            "EMMA's DAN input "
                + danConfig.inputSize()
                + " px differs from the ViT's "
                + vitConfig.inputSize()
                + " px");
      }
      return new Emma(this);
    }
  }
}
