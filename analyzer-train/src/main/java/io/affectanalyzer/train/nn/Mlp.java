package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The transformer feed-forward: {@code fc1} (D to hidden), exact GELU, {@code fc2} (to out). */
public final class Mlp extends AbstractBlock {
  private final long hidden;
  private final long out;
  private final Linear fc1;
  private final Linear fc2;

  public Mlp(long hidden, long out) {
    this.hidden = hidden;
    this.out = out;
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
    fc2 = addChildBlock("fc2", Linear.builder().setUnits(out).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList h = Activation.gelu(fc1.forward(ps, inputs, training));
    return fc2.forward(ps, h, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {Shapes.withLast(inputShapes[0], out)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    fc1.initialize(manager, dataType, inputShapes[0]);
    fc2.initialize(manager, dataType, Shapes.withLast(inputShapes[0], hidden));
  }
}
