package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.train.cotex.Cotex;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.loss.Distillation;
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
 * run loaded into both views), {@code trunkCheckpoint} (a DAN run whose trunk starts both ViTs'
 * ResNet trunks, {@code vith-} presets), {@code teacherCheckpoint} (a trained DAN run) with {@code
 * distill} (weight W, 0: none, the paper's loss): adds {@code W (KL(T || p1) + KL(T || p2))}, the
 * frozen teacher run in inference mode on the same batch, as EMMA does with its DAN.
 */
public final class CotexTask implements TrainTask {
  private final Cotex cotex;
  private final float lambda;
  private final String encoderCheckpoint;
  private final String trunkCheckpoint;
  private final String teacherCheckpoint;
  private final float distill;
  private final Path base;
  private Dan teacher;

  public CotexTask(TrainConfig config, VitConfig vit, Path base) {
    this.cotex =
        Cotex.builder()
            .setConfig(vit)
            .optTokenDropRatio((float) config.modelNumber("tokenDropRatio", 0.75))
            .build();
    this.lambda = (float) config.modelNumber("lambda", 1.0);
    this.encoderCheckpoint = config.modelString("encoderCheckpoint", null);
    this.trunkCheckpoint = Tasks.trunkCheckpoint(config, vit);
    this.teacherCheckpoint = config.modelString("teacherCheckpoint", null);
    this.distill = (float) config.modelNumber("distill", 0);
    if (distill < 0 || (distill > 0) != (teacherCheckpoint != null)) {
      throw new IllegalArgumentException(
          "CoTEX distillation needs both a 'teacherCheckpoint' (a DAN run) and 'distill' > 0");
    }
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
    if (trunkCheckpoint != null) {
      cotex.loadTrunk(Pretrained.load(base.resolve(trunkCheckpoint), "dan", manager));
    }
    if (teacherCheckpoint != null) {
      Path path = base.resolve(teacherCheckpoint);
      teacher = (Dan) Pretrained.load(path, "dan", manager);
      if (teacher.config().inputSize() != cotex.config().inputSize()
          || teacher.config().numClasses() != cotex.numClasses()) {
        throw DataFormatException.of(
            path,
            "is a "
                + teacher.config().numClasses()
                + "-class DAN at "
                + teacher.config().inputSize()
                + " px; CoTEX needs "
                + cotex.numClasses()
                + " classes at "
                + cotex.config().inputSize()
                + " px");
      }
      teacher.freezeParameters(true);
    }
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    NDList out = cotex.forward(ps, new NDList(images), training);
    if (teacher != null) {
      out.add(teacher.forward(ps, new NDList(images), false).singletonOrThrow().stopGradient());
    }
    return out;
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    NDArray ce1 = ExprCeLoss.of(outputs.get(0), labels.get(0));
    NDArray ce2 = ExprCeLoss.of(outputs.get(1), labels.get(0));
    NDArray js = JsDivergence.of(outputs.get(0), outputs.get(1));
    NDArray total = ce1.add(ce2).add(Scalars.mul(js, lambda));
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("loss", total);
    out.put("ce1", ce1);
    out.put("ce2", ce2);
    out.put("js", js);
    if (outputs.size() > 2) {
      NDArray t = outputs.get(2);
      NDArray kl = Distillation.of(outputs.get(0), t).add(Distillation.of(outputs.get(1), t));
      out.put("loss", total.add(Scalars.mul(kl, distill)));
      out.put("distill", kl);
    }
    return out;
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    return new Heads(cotex.forward(ps, new NDList(images), false).get(0), null, null);
  }
}
