package io.affectanalyzer.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * Soft distillation (DeiT's remedy for a ViT's hunger for data): {@code KL(softmax(teacher) ||
 * softmax(student))} over logit arrays {@code [N, C]}, averaged over rows (natural log). The
 * teacher gets no gradient. Every row counts, labelled or not: the teacher needs no label.
 */
public final class Distillation {
  private Distillation() {}

  public static NDArray of(NDArray student, NDArray teacher) {
    NDArray logT = teacher.stopGradient().logSoftmax(1);
    return logT.exp().mul(logT.sub(student.logSoftmax(1))).sum(new int[] {1}).mean();
  }
}
