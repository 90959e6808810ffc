package io.affectanalyzer.train.dan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Distract your Attention Network (Wen et al.): ResNet-18 {@code trunk}, {@code heads.<i>}
 * cross-attention heads, their {@code [N, H, C]} outputs fused by a log-softmax over the head axis
 * (when H > 1) and summed, then {@code fc} (C to classes) and {@code bn} (BatchNorm1d). Images
 * {@code [N, 3, H, W]} to {@code NDList(logits [N, classes])}.
 */
public final class Dan extends AbstractBlock {
  private final DanConfig config;
  private final ResNet18 trunk;
  private final List<CrossAttentionHead> heads = new ArrayList<>();
  private final Linear fc;
  private final BatchNorm bn;

  private Dan(DanConfig config) {
    this.config = config;
    trunk = addChildBlock("trunk", new ResNet18(config.baseWidth(), config.stem()));
    for (int i = 0; i < config.heads(); i++) {
      heads.add(addChildBlock("heads." + i, new CrossAttentionHead(config.featureWidth())));
    }
    fc = addChildBlock("fc", Linear.builder().setUnits(config.numClasses()).build());
    bn = addChildBlock("bn", BatchNorm.builder().build());
  }

  public static Builder builder() {
    return new Builder();
  }

  public DanConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList features = trunk.forward(ps, inputs, training);
    NDList outs = new NDList();
    for (CrossAttentionHead head : heads) {
      outs.add(head.forward(ps, features, training).singletonOrThrow());
    }
    NDArray stacked = NDArrays.stack(outs, 1); // [N, H, C]
    if (heads.size() > 1) {
      stacked = stacked.logSoftmax(1);
    }
    NDArray fused = stacked.sum(new int[] {1}); // [N, C]
    return bn.forward(ps, fc.forward(ps, new NDList(fused), training), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.numClasses())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    trunk.initialize(manager, dataType, inputShapes);
    Shape map = trunk.getOutputShapes(inputShapes)[0];
    for (CrossAttentionHead head : heads) {
      head.initialize(manager, dataType, map);
    }
    long n = inputShapes[0].get(0);
    fc.initialize(manager, dataType, new Shape(n, config.featureWidth()));
    bn.initialize(manager, dataType, new Shape(n, config.numClasses()));
  }

  /** Builder: {@code setConfig} required. */
  public static final class Builder {
    private DanConfig config;

    public Builder setConfig(DanConfig config) {
      this.config = config;
      return this;
    }

    public Dan build() {
      if (config == null) {
        throw new IllegalArgumentException("Dan needs a DanConfig");
      }
      return new Dan(config);
    }
  }
}
