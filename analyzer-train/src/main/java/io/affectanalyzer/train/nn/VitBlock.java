package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pre-norm transformer block on tokens {@code [N, T, D]}: {@code x + dp(attn(norm1 x))}, then
 * {@code x + dp(mlp(norm2 x))}. Children: {@code norm1, attn, norm2, mlp}.
 */
public final class VitBlock extends AbstractBlock {
  private final LayerNorm norm1;
  private final Attention attn;
  private final LayerNorm norm2;
  private final Mlp mlp;
  private final DropPath dropPath;

  public VitBlock(
      int dim, int heads, double mlpRatio, boolean qkvBias, float dropPath, float layerNormEps) {
    norm1 = addChildBlock("norm1", layerNorm(layerNormEps));
    attn = addChildBlock("attn", new Attention(dim, heads, qkvBias));
    norm2 = addChildBlock("norm2", layerNorm(layerNormEps));
    mlp = addChildBlock("mlp", new Mlp(Math.round(dim * mlpRatio), dim));
    this.dropPath = new DropPath(dropPath);
  }

  /** A LayerNorm over the last axis of {@code [N, T, D]} tokens. */
  public static LayerNorm layerNorm(float eps) {
    return LayerNorm.builder().axis(2).optEpsilon(eps).build();
  }

  public float dropPathRate() {
    return dropPath.rate();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDList h = attn.forward(ps, norm1.forward(ps, new NDList(x), training), training);
    x = x.add(dropPath.apply(h.singletonOrThrow(), training));
    h = mlp.forward(ps, norm2.forward(ps, new NDList(x), training), training);
    x = x.add(dropPath.apply(h.singletonOrThrow(), training));
    return new NDList(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    norm1.initialize(manager, dataType, inputShapes[0]);
    attn.initialize(manager, dataType, inputShapes[0]);
    norm2.initialize(manager, dataType, inputShapes[0]);
    mlp.initialize(manager, dataType, inputShapes[0]);
  }
}
