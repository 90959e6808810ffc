package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A conv followed by BatchNorm (no activation). Children: {@code conv}, {@code bn}. */
public final class ConvBn extends AbstractBlock {
  private final Conv2d conv;
  private final BatchNorm bn;

  /** A square {@code k x k} conv with "same" padding at stride 1. */
  public ConvBn(int filters, int k, int stride, boolean bias) {
    this(filters, k, k, stride, bias);
  }

  /** A {@code kh x kw} conv (odd sides) with "same" padding at stride 1. */
  public ConvBn(int filters, int kh, int kw, int stride, boolean bias) {
    conv =
        addChildBlock(
            "conv",
            Conv2d.builder()
                .setKernelShape(new Shape(kh, kw))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kh / 2, kw / 2))
                .setFilters(filters)
                .optBias(bias)
                .build());
    bn = addChildBlock("bn", BatchNorm.builder().build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return bn.forward(ps, conv.forward(ps, inputs, training), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}
