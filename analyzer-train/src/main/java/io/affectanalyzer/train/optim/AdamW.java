package io.affectanalyzer.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay, as PyTorch's) over named parameters, each with its own
 * learning-rate scale (layer-wise decay) and weight-decay switch. Gradients are whatever the
 * backward passes since the last {@link #step} accumulated, so calling backward on {@code k}
 * micro-batches with loss / k and then stepping equals one step on the bigger batch.
 */
public final class AdamW implements AutoCloseable {
  /** One trainable tensor and how it is optimised. */
  public record Group(String name, Parameter parameter, double lrScale, boolean decays) {}

  private final List<Group> groups;
  private final OptimConfig config;
  private final LrSchedule schedule;
  private final NDManager state;
  private final NDArray[] first;
  private final NDArray[] second;
  private long step;
  // Updates the moments have seen: the bias correction's t. Equal to step unless the moments
  // were started anew part-way (a checkpoint that kept only the weights).
  private long momentSteps;
  private double lastLr;
  private double lastGradNorm;

  private long skipped;

  public AdamW(
      Iterable<Pair<String, Parameter>> parameters,
      LayerDecay layerDecay,
      OptimConfig config,
      LrSchedule schedule,
      NDManager parent) {
    List<Group> g = new ArrayList<>();
    for (Pair<String, Parameter> p : parameters) {
      Parameter param = p.getValue();
      if (!param.requiresGradient()) {
        continue; // frozen (e.g. DAN inside EMMA)
      }
      int dims = param.getArray().getShape().dimension();
      g.add(
          new Group(
              p.getKey(),
              param,
              layerDecay.scaleOf(p.getKey()),
              LayerDecay.decays(p.getKey(), dims)));
    }
    this.groups = List.copyOf(g);
    this.config = config;
    this.schedule = schedule;
    this.state = parent.newSubManager();
    this.first = new NDArray[groups.size()];
    this.second = new NDArray[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      NDArray w = groups.get(i).parameter().getArray();
      first[i] = state.zeros(w.getShape(), w.getDataType());
      second[i] = state.zeros(w.getShape(), w.getDataType());
    }
  }

  public List<Group> groups() {
    return groups;
  }

  /** Optimiser updates taken so far. */
  public long stepCount() {
    return step;
  }

  public double lastLr() {
    return lastLr;
  }

  /** Updates skipped because the gradient was not finite (the gradients were dropped). */
  public long skippedSteps() {
    return skipped;
  }

  public double lastGradNorm() {
    return lastGradNorm;
  }

  /** Clips, updates every parameter from its accumulated gradient, then zeroes the gradients. */
  public void step() {
    try (NDScope scope = new NDScope()) {
      List<NDArray> grads = new ArrayList<>(groups.size());
      for (Group g : groups) {
        grads.add(g.parameter().getArray().getGradient());
      }
      lastGradNorm = GradientClipper.clip(grads, config.clipNorm());
      double lr = schedule.lrAt(step);
      if (!Double.isFinite(lastGradNorm)) {
        // One overflowing batch must not poison every weight; the schedule still advances.
        if (skipped < 3) {
          System.err.println(
              "adamw: non-finite gradient at step " + step + " in " + nonFinite(grads));
        }
        for (NDArray g : grads) {
          g.set(new NDIndex("..."), 0f); // an in-place fill: g - g would keep the NaNs
        }
        skipped++;
        lastLr = lr;
        step++;
        return;
      }
      long t = ++momentSteps;
      double bc1 = 1 - Math.pow(config.beta1(), t);
      double bc2 = 1 - Math.pow(config.beta2(), t);
      float b1 = (float) config.beta1();
      float b2 = (float) config.beta2();
      for (int i = 0; i < groups.size(); i++) {
        Group g = groups.get(i);
        NDArray w = g.parameter().getArray();
        NDArray grad = grads.get(i);
        double groupLr = lr * g.lrScale();
        if (g.decays() && config.weightDecay() > 0) {
          w.muli((float) (1 - groupLr * config.weightDecay()));
        }
        first[i].muli(b1).addi(grad.mul(1 - b1));
        second[i].muli(b2).addi(grad.square().muli(1 - b2));
        NDArray denom = second[i].sqrt().divi((float) Math.sqrt(bc2)).addi((float) config.eps());
        w.subi(first[i].div(denom).muli((float) (groupLr / bc1)));
        grad.subi(grad); // zero for the next accumulation
      }
      lastLr = lr;
    }
    step++;
  }

  private List<String> nonFinite(List<NDArray> grads) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < grads.size() && names.size() < 6; i++) {
      NDArray g = grads.get(i);
      if (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean()) {
        names.add(groups.get(i).name());
      }
    }
    return names;
  }

  /** The moment buffers, named by parameter, and the moments' age, for a checkpoint. */
  public NDList stateForCheckpoint() {
    NDList list = new NDList();
    for (int i = 0; i < groups.size(); i++) {
      first[i].setName("m:" + groups.get(i).name());
      second[i].setName("v:" + groups.get(i).name());
      list.add(first[i]);
      list.add(second[i]);
    }
    NDArray age = state.create(new long[] {momentSteps});
    age.setName(MOMENT_STEPS);
    list.add(age);
    return list;
  }

  private static final String MOMENT_STEPS = "adamw:moment_steps";

  /**
   * Restores moments and the step counter written by {@link #stateForCheckpoint} (checkpoints
   * written before the moments' age was kept give it as the step).
   */
  public void restore(NDList saved, long savedStep) {
    boolean aged = saved.size() == 2 * groups.size() + 1;
    if (!aged && saved.size() != 2 * groups.size()) {
      throw new IllegalStateException(
          "optimiser state has " + saved.size() / 2 + " parameters, the model " + groups.size());
    }
    for (int i = 0; i < groups.size(); i++) {
      first[i].set(saved.get(2 * i).toFloatArray());
      second[i].set(saved.get(2 * i + 1).toFloatArray());
    }
    step = savedStep;
    momentSteps = aged ? saved.get(2 * groups.size()).toLongArray()[0] : savedStep;
  }

  /**
   * Continues the schedule at {@code savedStep} with zero moments (for weights saved without their
   * optimiser state): the bias correction starts again, so the first updates are no larger than at
   * the start of a run.
   */
  public void restoreStepOnly(long savedStep) {
    step = savedStep;
    momentSteps = 0;
  }

  @Override
  public void close() {
    state.close();
  }
}
