package io.affectanalyzer.train.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One batch: images {@code [N, 3, H, W]} float32 and labels {@code NDList(expr int64 [N], au
 * float32 [N, 12], va float32 [N, 2])}, owned by the manager they were made in.
 */
public record Batch(NDArray images, NDList labels) {
  public int size() {
    return (int) images.getShape().get(0);
  }
}
