package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention over tokens {@code [N, T, D]}: one {@code qkv} Linear (D to 3D), scaled
 * dot product per head, {@code proj} Linear (D to D).
 */
public final class Attention extends AbstractBlock {
  private final int dim;
  private final int heads;
  private final float scale;
  private final Linear qkv;
  private final Linear proj;

  public Attention(int dim, int heads, boolean qkvBias) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException(
          "width " + dim + " is not divisible by " + heads + " heads");
    }
    this.dim = dim;
    this.heads = heads;
    this.scale = (float) (1.0 / Math.sqrt(dim / (double) heads));
    qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).optBias(qkvBias).build());
    proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long n = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDArray qkvAll =
        qkv.forward(ps, inputs, training)
            .singletonOrThrow()
            .reshape(n, t, 3, heads, dim / heads)
            .transpose(2, 0, 3, 1, 4); // [3, N, H, T, hd]
    NDArray q = qkvAll.get(0);
    NDArray k = qkvAll.get(1);
    NDArray v = qkvAll.get(2);
    NDArray attn =
        Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale).softmax(-1); // [N, H, T, T]
    NDArray y = attn.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, dim); // [N, T, D]
    return proj.forward(ps, new NDList(y), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    qkv.initialize(manager, dataType, inputShapes[0]);
    proj.initialize(manager, dataType, inputShapes[0]);
  }
}
