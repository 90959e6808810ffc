package io.affectanalyzer.train.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Images {@code [N, 3, H, W]} to patch tokens {@code [N, L, D]} by a patch-sized, patch-strided
 * conv.
 */
public final class PatchEmbed extends AbstractBlock {
  private final int patch;
  private final int width;
  private final Conv2d proj;

  public PatchEmbed(int patch, int width) {
    this.patch = patch;
    this.width = width;
    proj =
        addChildBlock(
            "proj",
            Conv2d.builder()
                .setKernelShape(new Shape(patch, patch))
                .optStride(new Shape(patch, patch))
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
    NDArray y = proj.forward(ps, inputs, training).singletonOrThrow(); // [N, D, g, g]
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
    proj.initialize(manager, dataType, inputShapes[0]);
  }
}
