package io.affectanalyzer.train.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.Local;
import io.affectanalyzer.train.nn.RandomMasking;
import io.affectanalyzer.train.nn.VitBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Vision Transformer with a CLS read-out. Images {@code [N, 3, H, W]} go through {@link
 * #forwardFeatures} (tokens after the final norm), {@link #pool} (CLS token) and {@link
 * #forwardHead} (Linear to classes, or the identity when built without classes).
 *
 * <p>Parameter names (see {@code ParameterNames}): {@code patchEmbed.proj.weight|bias}, {@code cls}
 * {@code [1, 1, D]}, {@code pos} {@code [1, 1 + L, D]}, {@code blocks.<i>.norm1|attn.qkv|attn.proj|
 * norm2|mlp.fc1|mlp.fc2}, {@code norm.gamma|beta}, {@code head.weight|bias}. The MAE encoder uses
 * the same names.
 *
 * <p>Optional token dropping (CoTEX): a ratio {@code r > 0} removes a fresh random subset of patch
 * tokens per sample after the position embeddings are added and before CLS is prepended.
 */
public final class VisionTransformer extends AbstractBlock {
  /** Key in the forward {@code params} that sets the token-drop ratio (a {@code Float}). */
  public static final String TOKEN_DROP_RATIO = "tokenDropRatio";

  private final VitConfig config;
  private final int numClasses;
  private final PatchEmbed patchEmbed;
  private final Parameter cls;
  private final Parameter pos;
  private final List<VitBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear head;

  private VisionTransformer(Builder b) {
    config = b.config;
    numClasses = b.numClasses;
    int d = config.width();
    patchEmbed = addChildBlock("patchEmbed", new PatchEmbed(config));
    cls = addParameter(token("cls", new Shape(1, 1, d)));
    pos = addParameter(token("pos", new Shape(1, 1 + config.numPatches(), d)));
    for (int i = 0; i < config.depth(); i++) {
      float rate = config.depth() == 1 ? 0f : config.dropPath() * i / (config.depth() - 1);
      blocks.add(
          addChildBlock(
              "blocks." + i,
              new VitBlock(
                  d,
                  config.heads(),
                  config.mlpRatio(),
                  config.qkvBias(),
                  rate,
                  config.layerNormEps())));
    }
    norm = addChildBlock("norm", VitBlock.layerNorm(config.layerNormEps()));
    head =
        numClasses > 0
            ? addChildBlock("head", Linear.builder().setUnits(numClasses).build())
            : null;
  }

  /** A learned token or table ({@code cls}, {@code pos}, a mask token), truncated-normal 0.02. */
  public static Parameter token(String name, Shape shape) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.OTHER)
        .optShape(shape)
        .optInitializer(new TruncatedNormalInitializer(0.02f))
        .build();
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

  public Parameter positionEmbedding() {
    return pos;
  }

  /** Tokens after the final norm, {@code [N, 1 + L', D]}, L' = L without dropping. */
  public NDArray forwardFeatures(
      ParameterStore ps, NDArray images, boolean training, float tokenDropRatio) {
    NDArray x =
        patchEmbed.forward(ps, new NDList(images), training).singletonOrThrow(); // [N, L, D]
    NDArray p = ps.getValue(pos, x.getDevice(), training); // [1, 1 + L, D]
    if (x.getShape().get(1) + 1 != p.getShape().get(1)) {
      throw new IllegalArgumentException(
          "ViT "
              + config.name()
              + " expects "
              + config.inputSize()
              + " px input, got "
              + images.getShape());
    }
    NDManager local = x.getManager();
    x = x.add(Local.attach(p.get(":, 1:, :"), local));
    if (tokenDropRatio > 0) {
      x = RandomMasking.apply(x, tokenDropRatio).kept();
    }
    long n = x.getShape().get(0);
    NDArray c = Local.attach(clsWithPosition(ps, p, x, training), local).repeat(0, n); // [N, 1, D]
    x = NDArrays.concat(new NDList(c, x), 1); // [N, 1 + L', D]
    for (VitBlock block : blocks) {
      x = block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    return norm.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  private NDArray clsWithPosition(ParameterStore ps, NDArray p, NDArray x, boolean training) {
    return ps.getValue(cls, x.getDevice(), training)
        .add(Local.attach(p.get(":, :1, :"), x.getManager()));
  }

  /** The CLS token, {@code [N, D]}. */
  public NDArray pool(NDArray tokens) {
    return tokens.get(":, 0, :");
  }

  /** Class logits {@code [N, C]}, or {@code pooled} itself when built without a head. */
  public NDArray forwardHead(ParameterStore ps, NDArray pooled, boolean training) {
    return head == null
        ? pooled
        : head.forward(ps, new NDList(pooled), training).singletonOrThrow();
  }

  /** Images to logits (or CLS features), with token dropping at {@code ratio}. */
  public NDArray forward(ParameterStore ps, NDArray images, boolean training, float ratio) {
    return forwardHead(ps, pool(forwardFeatures(ps, images, training, ratio)), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    float ratio = 0f;
    if (params != null && params.contains(TOKEN_DROP_RATIO)) {
      ratio = ((Number) params.get(TOKEN_DROP_RATIO)).floatValue();
    }
    return new NDList(forward(ps, inputs.singletonOrThrow(), training, ratio));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {new Shape(n, numClasses > 0 ? numClasses : config.width())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape images = inputShapes[0];
    patchEmbed.initialize(manager, dataType, images);
    Shape tokens = new Shape(images.get(0), 1 + config.numPatches(), config.width());
    for (VitBlock block : blocks) {
      block.initialize(manager, dataType, tokens);
    }
    norm.initialize(manager, dataType, tokens);
    if (head != null) {
      head.initialize(manager, dataType, new Shape(images.get(0), config.width()));
    }
  }

  /** Builder: {@code setConfig} required, {@code optNumClasses} (0 = no head, the default). */
  public static final class Builder {
    private VitConfig config;
    private int numClasses;

    public Builder setConfig(VitConfig config) {
      this.config = config;
      return this;
    }

    public Builder optNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    public VisionTransformer build() {
      if (config == null) {
        throw new IllegalArgumentException("VisionTransformer needs a VitConfig");
      }
      if (numClasses < 0) {
        throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
      }
      return new VisionTransformer(this);
    }
  }
}
