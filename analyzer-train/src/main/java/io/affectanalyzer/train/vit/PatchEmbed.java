package io.affectanalyzer.train.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.train.dan.DanConfig;
import io.affectanalyzer.train.dan.ResNet18;
import io.affectanalyzer.train.nn.ConvBn;

/**
 * Images {@code [N, 3, H, W]} to patch tokens {@code [N, L, D]}: by a patch-sized, patch-strided
 * conv ({@code proj}); or, with a conv stem, by {@code stem.0} (3x3 stride 1, half the stem width),
 * {@code stem.1} (3x3 stride 2), each with BatchNorm and ReLU, then {@code proj} strided by half
 * the patch; or, with a ResNet trunk, by {@code trunk} (ResNet-18 to layer3, named as in the DAN's
 * trunk so a trained DAN loads into it) then {@code proj} strided by a quarter of the patch.
 */
public final class PatchEmbed extends AbstractBlock {
  /** Stages of the ResNet trunk: layer3's map is a quarter of the input per side. */
  public static final int TRUNK_STAGES = 3;

  private final int patch;
  private final int width;
  private final ConvBn stem0;
  private final ConvBn stem1;
  private final ResNet18 trunk;
  private final Conv2d proj;

  /** The embedding of {@code config}: its patch, width and stem. */
  public PatchEmbed(VitConfig config) {
    patch = config.patch();
    width = config.width();
    int stemWidth = config.stemWidth();
    int k = stemWidth > 0 ? patch / 2 : config.resNetTrunk() ? patch / 4 : patch;
    stem0 = stemWidth > 0 ? addChildBlock("stem.0", new ConvBn(stemWidth / 2, 3, 1, false)) : null;
    stem1 = stemWidth > 0 ? addChildBlock("stem.1", new ConvBn(stemWidth, 3, 2, false)) : null;
    trunk =
        config.resNetTrunk()
            ? addChildBlock(
                "trunk", new ResNet18(config.trunkWidth(), DanConfig.Stem.STRIDE1, TRUNK_STAGES))
            : null;
    proj =
        addChildBlock(
            "proj",
            Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(k, k))
                .setFilters(width)
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(2) % patch != 0 || s.get(3) % patch != 0) {
      throw new IllegalArgumentException(
          "expected images [N, 3, H, W] with H, W multiples of " + patch + ", got " + s);
    }
    NDList h = inputs;
    if (stem0 != null) {
      h = Activation.relu(stem0.forward(ps, h, training));
      h = Activation.relu(stem1.forward(ps, h, training));
    }
    if (trunk != null) {
      h = trunk.forward(ps, h, training);
    }
    NDArray y = proj.forward(ps, h, training).singletonOrThrow(); // [N, D, g, g]
    long n = y.getShape().get(0);
    return new NDList(y.reshape(n, width, -1).transpose(0, 2, 1)); // [N, L, D]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), (s.get(2) / patch) * (s.get(3) / patch), width)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] in = inputShapes;
    if (stem0 != null) {
      stem0.initialize(manager, dataType, in);
      in = stem0.getOutputShapes(in);
      stem1.initialize(manager, dataType, in);
      in = stem1.getOutputShapes(in);
    }
    if (trunk != null) {
      trunk.initialize(manager, dataType, in);
      in = trunk.getOutputShapes(in);
    }
    proj.initialize(manager, dataType, in);
  }
}
