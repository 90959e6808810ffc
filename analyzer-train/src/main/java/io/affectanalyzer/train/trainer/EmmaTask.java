package io.affectanalyzer.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.train.dan.Dan;
import io.affectanalyzer.train.data.Sample;
import io.affectanalyzer.train.emma.Emma;
import io.affectanalyzer.train.loss.AuBceLoss;
import io.affectanalyzer.train.loss.EmmaLoss;
import io.affectanalyzer.train.vit.VitConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * EMMA: ViT + AU/expression head, frozen DAN, detached VA head; the multi-task loss. Model
 * settings: {@code dan} (DAN preset, default by input size), {@code danCheckpoint} (a trained DAN
 * run, strongly advised: an untrained DAN gives the VA head noise), {@code encoderCheckpoint} (an
 * MAE run: the facial prior), {@code trunkCheckpoint} (a DAN run whose trunk starts the ResNet
 * trunk of a {@code vith-} preset), {@code headWidth} (512), {@code vaWidth} (256), {@code distill}
 * (weight of distilling the frozen DAN's expressions into the ViT's, 0: none, the paper's loss),
 * {@code auPosWeights} ({@code reference}: the paper's ABAW weights; {@code data}: negatives over
 * positives in the training labels, which on CK+ differ from ABAW's by up to 7x).
 */
public final class EmmaTask implements TrainTask {
  private final Emma emma;
  private EmmaLoss loss;
  private final String auPosWeights;
  private final float distill;
  private final String danCheckpoint;
  private final String encoderCheckpoint;
  private final String trunkCheckpoint;
  private final Path base;

  public EmmaTask(TrainConfig config, VitConfig vit, Path base) {
    this.emma =
        Emma.builder()
            .setVitConfig(vit)
            .setDanConfig(DanTask.danConfig(config, 8))
            .optHeadWidth((int) config.modelNumber("headWidth", 512))
            .optVaWidth((int) config.modelNumber("vaWidth", 256))
            .build();
    this.distill = (float) config.modelNumber("distill", 0);
    this.loss = new EmmaLoss(new AuBceLoss(), distill);
    this.auPosWeights = config.modelString("auPosWeights", "reference");
    if (!auPosWeights.equals("reference") && !auPosWeights.equals("data")) {
      throw new IllegalArgumentException(
          "EMMA 'auPosWeights' is 'reference' (the paper's ABAW weights) or 'data' (from the"
              + " training labels), not '"
              + auPosWeights
              + "'");
    }
    this.danCheckpoint = config.modelString("danCheckpoint", null);
    this.encoderCheckpoint = config.modelString("encoderCheckpoint", null);
    this.trunkCheckpoint = Tasks.trunkCheckpoint(config, vit);
    this.base = base;
  }

  @Override
  public String kind() {
    return "emma";
  }

  @Override
  public Block model() {
    return emma;
  }

  @Override
  public int depth() {
    return emma.vitConfig().depth();
  }

  @Override
  public List<String> prepare(List<Sample> train) {
    if (!auPosWeights.equals("data")) {
      return List.of();
    }
    float[] w = AuBceLoss.posWeightsOf(train.stream().map(s -> s.labels().au()).toList(), Emma.AUS);
    loss = new EmmaLoss(new AuBceLoss(w), distill);
    StringJoiner list = new StringJoiner(", ");
    for (int a = 0; a < w.length; a++) {
      list.add(String.format(Locale.ROOT, "%s %.2f", ModelContract.AU_NAMES.get(a), w[a]));
    }
    return List.of("AU positive weights from the training labels: " + list);
  }

  @Override
  public void afterInitialize(NDManager manager) {
    if (encoderCheckpoint != null) {
      emma.loadEncoder(Pretrained.load(base.resolve(encoderCheckpoint), "mae", manager));
    }
    if (trunkCheckpoint != null) {
      emma.loadTrunk(Pretrained.load(base.resolve(trunkCheckpoint), "dan", manager));
    }
    if (danCheckpoint != null) {
      emma.loadDan((Dan) Pretrained.load(base.resolve(danCheckpoint), "dan", manager));
    }
  }

  @Override
  public NDList forward(ParameterStore ps, NDArray images, boolean training) {
    return emma.forward(ps, new NDList(images), training);
  }

  @Override
  public Map<String, NDArray> losses(NDList labels, NDList outputs) {
    EmmaLoss.Parts p = loss.parts(labels, outputs);
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("loss", p.total());
    out.put("expr", p.expr());
    out.put("au", p.au());
    out.put("va", p.va());
    if (p.distill() != null) {
      out.put("distill", p.distill());
    }
    return out;
  }

  @Override
  public Heads heads(ParameterStore ps, NDArray images) {
    NDList out = emma.forward(ps, new NDList(images), false);
    return new Heads(out.get(0).softmax(1), Activation.sigmoid(out.get(1)), out.get(2));
  }
}
