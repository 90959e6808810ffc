package io.affectanalyzer.train.dan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.affectanalyzer.train.nn.ConvBn;

/**
 * ResNet basic block: {@code relu(conv2(relu(conv1 x)) + shortcut x)}, 3x3 convs with BatchNorm;
 * the shortcut is a 1x1 {@code downsample} conv when the stride or width changes.
 */
final class BasicBlock extends AbstractBlock {
  private final ConvBn conv1;
  private final ConvBn conv2;
  private final ConvBn downsample;

  BasicBlock(int inChannels, int filters, int stride) {
    conv1 = addChildBlock("conv1", new ConvBn(filters, 3, stride, false));
    conv2 = addChildBlock("conv2", new ConvBn(filters, 3, 1, false));
    downsample =
        stride != 1 || inChannels != filters
            ? addChildBlock("downsample", new ConvBn(filters, 1, stride, false))
            : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDList h = Activation.relu(conv1.forward(ps, inputs, training));
    NDArray y = conv2.forward(ps, h, training).singletonOrThrow();
    NDArray skip =
        downsample == null ? x : downsample.forward(ps, inputs, training).singletonOrThrow();
    return new NDList(Activation.relu(y.add(skip)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv1.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }
}
