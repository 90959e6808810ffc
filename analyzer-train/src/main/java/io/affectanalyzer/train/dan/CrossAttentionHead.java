package io.affectanalyzer.train.dan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.ConvBn;

/**
 * One DAN cross-attention head on a {@code [N, C, h, w]} map, giving {@code [N, C]}.
 *
 * <p>Spatial attention: {@code conv1x1} (C to C/2, BN), then {@code conv3x3}, {@code conv1x3},
 * {@code conv3x1} (C/2 to C, BN each) summed, ReLU, summed over channels to one map that scales the
 * input. Channel attention: global average pool, {@code fc1} (C to C/16, BN, ReLU), {@code fc2} (to
 * C), sigmoid, scaling the pooled vector (DAN's code has the BN1d + ReLU between the two Linears).
 */
final class CrossAttentionHead extends AbstractBlock {
  private final int channels;
  private final int reduced;
  private final ConvBn conv1x1;
  private final ConvBn conv3x3;
  private final ConvBn conv1x3;
  private final ConvBn conv3x1;
  private final Linear fc1;
  private final BatchNorm bn;
  private final Linear fc2;

  CrossAttentionHead(int channels) {
    this.channels = channels;
    this.reduced = Math.max(1, channels / 16);
    conv1x1 = addChildBlock("conv1x1", new ConvBn(channels / 2, 1, 1, true));
    conv3x3 = addChildBlock("conv3x3", new ConvBn(channels, 3, 3, 1, true));
    conv1x3 = addChildBlock("conv1x3", new ConvBn(channels, 1, 3, 1, true));
    conv3x1 = addChildBlock("conv3x1", new ConvBn(channels, 3, 1, 1, true));
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(reduced).build());
    bn = addChildBlock("bn", BatchNorm.builder().build());
    fc2 = addChildBlock("fc2", Linear.builder().setUnits(channels).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow(); // [N, C, h, w]
    NDList y = conv1x1.forward(ps, inputs, training);
    NDArray s =
        conv3x3
            .forward(ps, y, training)
            .singletonOrThrow()
            .add(conv1x3.forward(ps, y, training).singletonOrThrow())
            .add(conv3x1.forward(ps, y, training).singletonOrThrow());
    NDArray spatial = x.mul(Activation.relu(s).sum(new int[] {1}, true)); // [N, C, h, w]
    // The engine's mean takes one axis at a time: flatten the map first.
    long n = spatial.getShape().get(0);
    NDArray pooled = spatial.reshape(n, channels, -1).mean(new int[] {2}); // [N, C]
    NDList a = bn.forward(ps, fc1.forward(ps, new NDList(pooled), training), training);
    NDArray gate = fc2.forward(ps, Activation.relu(a), training).singletonOrThrow();
    return new NDList(pooled.mul(Activation.sigmoid(gate)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), channels)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    conv1x1.initialize(manager, dataType, in);
    Shape mid = conv1x1.getOutputShapes(inputShapes)[0];
    conv3x3.initialize(manager, dataType, mid);
    conv1x3.initialize(manager, dataType, mid);
    conv3x1.initialize(manager, dataType, mid);
    Shape vec = new Shape(in.get(0), channels);
    fc1.initialize(manager, dataType, vec);
    Shape small = new Shape(in.get(0), reduced);
    bn.initialize(manager, dataType, small);
    fc2.initialize(manager, dataType, small);
  }
}
