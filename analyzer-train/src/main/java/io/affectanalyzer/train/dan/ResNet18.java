package io.affectanalyzer.train.dan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.ConvBn;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-18 up to layer4 (no pooling, no fc): images {@code [N, 3, H, W]} to a {@code [N, 8w, h,
 * w]} map. Children: {@code stem}, {@code layer1.0 ... layer4.1} (each a basic block). A trunk of
 * fewer stages stops earlier (three: {@code [N, 4w, h, w]} after layer3), with the same names.
 */
public final class ResNet18 extends AbstractBlock {
  private final DanConfig.Stem stemKind;
  private final ConvBn stem;
  private final List<BasicBlock> blocks = new ArrayList<>();

  public ResNet18(int baseWidth, DanConfig.Stem stemKind) {
    this(baseWidth, stemKind, 4);
  }

  /** The first {@code stages} (1 to 4) of the trunk. */
  public ResNet18(int baseWidth, DanConfig.Stem stemKind, int stages) {
    if (stages < 1 || stages > 4) {
      throw new IllegalArgumentException("a ResNet-18 trunk has 1 to 4 stages, not " + stages);
    }
    this.stemKind = stemKind;
    stem =
        addChildBlock(
            "stem",
            switch (stemKind) {
              case IMAGENET -> new ConvBn(baseWidth, 7, 2, false);
              case STRIDE2 -> new ConvBn(baseWidth, 3, 2, false);
              case STRIDE1 -> new ConvBn(baseWidth, 3, 1, false);
            });
    int in = baseWidth;
    for (int layer = 0; layer < stages; layer++) {
      int filters = baseWidth << layer;
      for (int i = 0; i < 2; i++) {
        int stride = layer > 0 && i == 0 ? 2 : 1;
        blocks.add(
            addChildBlock("layer" + (layer + 1) + "." + i, new BasicBlock(in, filters, stride)));
        in = filters;
      }
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = Activation.relu(stem.forward(ps, inputs, training).singletonOrThrow());
    if (stemKind == DanConfig.Stem.IMAGENET) {
      x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }
    for (BasicBlock block : blocks) {
      x = block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
    return new NDList(x);
  }

  private Shape afterStem(Shape input) {
    Shape s = stem.getOutputShapes(new Shape[] {input})[0];
    if (stemKind == DanConfig.Stem.IMAGENET) {
      s = new Shape(s.get(0), s.get(1), (s.get(2) - 1) / 2 + 1, (s.get(3) - 1) / 2 + 1);
    }
    return s;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = afterStem(inputShapes[0]);
    for (BasicBlock block : blocks) {
      s = block.getOutputShapes(new Shape[] {s})[0];
    }
    return new Shape[] {s};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape s = afterStem(inputShapes[0]);
    for (BasicBlock block : blocks) {
      block.initialize(manager, dataType, s);
      s = block.getOutputShapes(new Shape[] {s})[0];
    }
  }
}
