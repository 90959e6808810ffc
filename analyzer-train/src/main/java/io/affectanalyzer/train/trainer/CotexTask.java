package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.cotex.Cotex;
import io.affectanalyzer.train.loss.ExprCeLoss;
import io.affectanalyzer.train.loss.JsDivergence;
import io.affectanalyzer.train.nn.Scalars;
import io.affectanalyzer.train.vit.VitConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Masked CoTEX: two ViTs, independent token dropping, {@code CE1 + CE2 + lambda JS}. Model
 * settings: {@code tokenDropRatio} (0.75), {@code lambda} (1.0), {@code encoderCheckpoint} (an MAE
 * run loaded into both views).
 */
public final class CotexTask implements TrainTask {
  private final Cotex cotex;
  private final float lambda;
  private final String encoderCheckpoint;
  private final Path base;

  public CotexTask(TrainConfig config, VitConfig vit, Path base) {
    this.cotex =
        Cotex.builder()
            .setConfig(vit)
            .optTokenDropRatio((float) config.modelNumber("tokenDropRatio", 0.75))
            .build();
    this.lambda = (float) config.modelNumber("lambda", 1.0);
    this.encoderCheckpoint = config.modelString("encoderCheckpoint", null);
    this.base = base;
  }

  @Override
  public String kind() {
    return "cotex";
  }

  @Override
  public Block model() {
    return cotex;
  }

  @Override
  public int depth() {
    return cotex.config().depth();
  }

  @Override
  public void afterInitialize(NDManager manager) {
    if (encoderCheckpoint != null) {
      cotex.loadEncoder(Pretrained.load(base.resolve(encoderCheckpoint), "mae", manager));
    }
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    return cotex.forward(ps, new NDList(images), training);
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    NDArray ce1 = ExprCeLoss.of(outputs.get(0), labels.get(0));
    NDArray ce2 = ExprCeLoss.of(outputs.get(1), labels.get(0));
    NDArray js = JsDivergence.of(outputs.get(0), outputs.get(1));
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("loss", ce1.add(ce2).add(Scalars.mul(js, lambda)));
    out.put("ce1", ce1);
    out.put("ce2", ce2);
    out.put("js", js);
    return out;
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    return new Heads(cotex.forward(ps, new NDList(images), false).get(0), null, null);
  }
}
