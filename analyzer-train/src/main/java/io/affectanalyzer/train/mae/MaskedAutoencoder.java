package io.affectanalyzer.train.mae;

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
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.Local;
import io.affectanalyzer.train.nn.RandomMasking;
import io.affectanalyzer.train.nn.VitBlock;
import io.affectanalyzer.train.vit.PatchEmbed;
import io.affectanalyzer.train.vit.PositionEmbeddings;
import io.affectanalyzer.train.vit.VisionTransformer;
import io.affectanalyzer.train.vit.VitConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Masked autoencoder (He et al.) with a ViT encoder whose parameter names are those of {@code
 * VisionTransformer} ({@code patchEmbed, cls, pos, blocks.<i>, norm}), so {@code
 * WeightTransfer.encoderIntoVit} loads a pretrained encoder into a ViT, EMMA or CoTEX. Decoder
 * parameters: {@code decoderEmbed, maskToken, decoderPos, decoderBlocks.<i>, decoderNorm,
 * decoderPred}; they are dropped when fine-tuning.
 *
 * <p>Both position tables are fixed 2D sin-cos (not trained). Forward on images {@code [N, 3, H,
 * W]} returns {@code NDList(loss scalar, pred [N, L, p*p*3], mask [N, L])}, mask 1 = hidden patch.
 */
public final class MaskedAutoencoder extends AbstractBlock {
  private final VitConfig config;
  private final int decoderWidth;
  private final float maskRatio;
  private final boolean normPixLoss;
  private final PatchEmbed patchEmbed;
  private final Parameter cls;
  private final Parameter pos;
  private final List<VitBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear decoderEmbed;
  private final Parameter maskToken;
  private final Parameter decoderPos;
  private final List<VitBlock> decoderBlocks = new ArrayList<>();
  private final LayerNorm decoderNorm;
  private final Linear decoderPred;

  private MaskedAutoencoder(Builder b) {
    config = b.config;
    if (config.resNetTrunk()) {
      // layer3 of the trunk sees nearly the whole face, so a masked patch would leak into the
      // visible tokens and reconstruction would teach nothing.
      throw new IllegalArgumentException(
          "MAE needs patch tokens, and the ResNet trunk of "
              + config.name()
              + " sees the whole face: pretrain a plain ViT and load its blocks with"
              + " 'encoderCheckpoint'");
    }
    decoderWidth = b.decoderWidth;
    maskRatio = b.maskRatio;
    normPixLoss = b.normPixLoss;
    int d = config.width();
    int grid = config.gridSize();
    float eps = config.layerNormEps();
    patchEmbed = addChildBlock("patchEmbed", new PatchEmbed(config));
    cls = addParameter(VisionTransformer.token("cls", new Shape(1, 1, d)));
    pos = addParameter(sinCos("pos", d, grid));
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(
          addChildBlock(
              "blocks." + i,
              new VitBlock(d, config.heads(), config.mlpRatio(), config.qkvBias(), 0f, eps)));
    }
    norm = addChildBlock("norm", VitBlock.layerNorm(eps));
    decoderEmbed = addChildBlock("decoderEmbed", Linear.builder().setUnits(decoderWidth).build());
    maskToken = addParameter(VisionTransformer.token("maskToken", new Shape(1, 1, decoderWidth)));
    decoderPos = addParameter(sinCos("decoderPos", decoderWidth, grid));
    for (int i = 0; i < b.decoderDepth; i++) {
      decoderBlocks.add(
          addChildBlock(
              "decoderBlocks." + i,
              new VitBlock(decoderWidth, b.decoderHeads, config.mlpRatio(), true, 0f, eps)));
    }
    decoderNorm = addChildBlock("decoderNorm", VitBlock.layerNorm(eps));
    int patchValues = config.patch() * config.patch() * 3;
    decoderPred = addChildBlock("decoderPred", Linear.builder().setUnits(patchValues).build());
  }

  private static Parameter sinCos(String name, int dim, int grid) {
    float[] table = PositionEmbeddings.sinCos2d(dim, grid);
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.OTHER)
        .optShape(new Shape(1, 1 + (long) grid * grid, dim))
        .optInitializer((manager, shape, dataType) -> manager.create(table, shape))
        .optRequiresGrad(false)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public VitConfig config() {
    return config;
  }

  public float maskRatio() {
    return maskRatio;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray images = inputs.singletonOrThrow();
    NDArray x = patchEmbed.forward(ps, inputs, training).singletonOrThrow(); // [N, L, D]
    NDArray p = ps.getValue(pos, x.getDevice(), training);
    if (x.getShape().get(1) + 1 != p.getShape().get(1)) {
      throw new IllegalArgumentException(
          "MAE "
              + config.name()
              + " expects "
              + config.inputSize()
              + " px, got "
              + images.getShape());
    }
    NDManager local = x.getManager();
    x = x.add(Local.attach(p.get(":, 1:, :"), local));
    RandomMasking.Result masked = RandomMasking.apply(x, maskRatio);
    long n = x.getShape().get(0);
    NDArray c =
        Local.attach(ps.getValue(cls, x.getDevice(), training).add(p.get(":, :1, :")), local)
            .repeat(0, n);
    x = NDArrays.concat(new NDList(c, masked.kept()), 1); // [N, 1 + keep, D]
    for (VitBlock block : blocks) {
      x = block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray pred = forwardDecoder(ps, x, masked.idsRestore(), training);
    NDArray loss = loss(images, pred, masked.mask());
    return new NDList(loss, pred, masked.mask());
  }

  private NDArray forwardDecoder(
      ParameterStore ps, NDArray latent, NDArray idsRestore, boolean training) {
    NDArray x = decoderEmbed.forward(ps, new NDList(latent), training).singletonOrThrow();
    long n = x.getShape().get(0);
    long length = idsRestore.getShape().get(1);
    long kept = x.getShape().get(1) - 1;
    NDArray tokens =
        Local.attach(ps.getValue(maskToken, x.getDevice(), training).repeat(0, n), x.getManager())
            .repeat(1, length - kept);
    NDArray shuffled = NDArrays.concat(new NDList(x.get(":, 1:, :"), tokens), 1); // [N, L, Dd]
    NDArray index = idsRestore.expandDims(2).repeat(2, decoderWidth);
    NDArray restored = shuffled.gather(index, 1);
    x = NDArrays.concat(new NDList(x.get(":, :1, :"), restored), 1);
    x = x.add(ps.getValue(decoderPos, x.getDevice(), training));
    for (VitBlock block : decoderBlocks) {
      x = block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    x = decoderNorm.forward(ps, new NDList(x), training).singletonOrThrow();
    return decoderPred.forward(ps, new NDList(x), training).singletonOrThrow().get(":, 1:, :");
  }

  /**
   * Images {@code [N, 3, H, W]} to patches {@code [N, L, p*p*3]} (row-major patches, HWC inside).
   */
  public NDArray patchify(NDArray images) {
    int pp = config.patch();
    long n = images.getShape().get(0);
    long h = images.getShape().get(2) / pp;
    long w = images.getShape().get(3) / pp;
    return images
        .reshape(n, 3, h, pp, w, pp)
        .transpose(0, 2, 4, 3, 5, 1)
        .reshape(n, h * w, (long) pp * pp * 3);
  }

  /**
   * Mean squared error per patch, averaged over the hidden patches only ({@code mask} 1). With
   * norm_pix each target patch is normalised by its own mean and (unbiased) variance, eps 1e-6.
   */
  public NDArray loss(NDArray images, NDArray pred, NDArray mask) {
    NDArray target = patchify(images);
    if (normPixLoss) {
      long values = target.getShape().get(2);
      NDArray mean = target.mean(new int[] {2}, true);
      NDArray var = target.sub(mean).square().sum(new int[] {2}, true).div(values - 1);
      target = target.sub(mean).div(var.add(1e-6f).sqrt());
    }
    NDArray perPatch = pred.sub(target).square().mean(new int[] {2}); // [N, L]
    return perPatch.mul(mask).sum().div(mask.sum());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    long length = config.numPatches();
    return new Shape[] {
      new Shape(),
      new Shape(n, length, (long) config.patch() * config.patch() * 3),
      new Shape(n, length)
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape images = inputShapes[0];
    long n = images.get(0);
    long tokens = 1 + config.numPatches();
    patchEmbed.initialize(manager, dataType, images);
    Shape enc = new Shape(n, tokens, config.width());
    for (VitBlock block : blocks) {
      block.initialize(manager, dataType, enc);
    }
    norm.initialize(manager, dataType, enc);
    decoderEmbed.initialize(manager, dataType, enc);
    Shape dec = new Shape(n, tokens, decoderWidth);
    for (VitBlock block : decoderBlocks) {
      block.initialize(manager, dataType, dec);
    }
    decoderNorm.initialize(manager, dataType, dec);
    decoderPred.initialize(manager, dataType, dec);
  }

  /**
   * Builder: {@code setConfig} (the encoder) required; {@code optDecoderWidth} (512), {@code
   * optDecoderDepth} (8), {@code optDecoderHeads} (16), {@code optMaskRatio} (0.75), {@code
   * optNormPixLoss} (true).
   */
  public static final class Builder {
    private VitConfig config;
    private int decoderWidth = 512;
    private int decoderDepth = 8;
    private int decoderHeads = 16;
    private float maskRatio = 0.75f;
    private boolean normPixLoss = true;

    public Builder setConfig(VitConfig config) {
      this.config = config;
      return this;
    }

    public Builder optDecoderWidth(int width) {
      this.decoderWidth = width;
      return this;
    }

    public Builder optDecoderDepth(int depth) {
      this.decoderDepth = depth;
      return this;
    }

    public Builder optDecoderHeads(int heads) {
      this.decoderHeads = heads;
      return this;
    }

    public Builder optMaskRatio(float ratio) {
      this.maskRatio = ratio;
      return this;
    }

    public Builder optNormPixLoss(boolean normPix) {
      this.normPixLoss = normPix;
      return this;
    }

    public MaskedAutoencoder build() {
      if (config == null) {
        throw new IllegalArgumentException("MaskedAutoencoder needs a VitConfig");
      }
      if (maskRatio <= 0 || maskRatio >= 1) {
        throw new IllegalArgumentException("MAE mask ratio must be in (0, 1), got " + maskRatio);
      }
      if (decoderWidth % decoderHeads != 0 || decoderWidth % 4 != 0) {
        throw new IllegalArgumentException(
            "MAE decoder width " + decoderWidth + " must divide by its heads and by 4");
      }
      return new MaskedAutoencoder(this);
    }
  }
}
