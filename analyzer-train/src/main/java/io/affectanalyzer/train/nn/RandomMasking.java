package io.affectanalyzer.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Per-sample random token dropping as in MAE: argsort of uniform noise, keep the first {@code L *
 * (1 - ratio)} tokens (in shuffled order), remember how to restore the order. Dropped tokens are
 * removed, not replaced.
 */
public final class RandomMasking {
  private RandomMasking() {}

  /**
   * @param kept tokens kept, {@code [N, keep, D]}
   * @param mask {@code [N, L]} float, 1 where a token was dropped, in the original order
   * @param idsRestore {@code [N, L]} int64, the permutation that undoes the shuffle
   */
  public record Result(NDArray kept, NDArray mask, NDArray idsRestore) {}

  /** Number of tokens kept out of {@code length} at {@code ratio}; at least one. */
  public static int keptCount(long length, float ratio) {
    if (ratio < 0 || ratio >= 1) {
      throw new IllegalArgumentException("mask ratio must be in [0, 1), got " + ratio);
    }
    return (int) Math.max(1, Math.floor(length * (1.0 - ratio)));
  }

  /** Drops tokens of {@code x [N, L, D]} at {@code ratio}, a fresh draw per sample and per call. */
  public static Result apply(NDArray x, float ratio) {
    long n = x.getShape().get(0);
    long length = x.getShape().get(1);
    long dim = x.getShape().get(2);
    int keep = keptCount(length, ratio);
    NDManager manager = x.getManager();
    NDArray noise = manager.randomUniform(0f, 1f, new Shape(n, length));
    NDArray idsShuffle = noise.argSort(1); // ascending: small noise is kept
    NDArray idsRestore = idsShuffle.argSort(1);
    NDArray idsKeep = idsShuffle.get(":, :" + keep);
    NDArray index = idsKeep.expandDims(2).repeat(2, dim); // [N, keep, D]
    NDArray kept = x.gather(index, 1);
    NDArray shuffledMask =
        NDArrays.concat(
            new NDList(
                manager.zeros(new Shape(n, keep), DataType.FLOAT32),
                manager.ones(new Shape(n, length - keep), DataType.FLOAT32)),
            1);
    NDArray mask = shuffledMask.gather(idsRestore, 1);
    return new Result(kept, mask, idsRestore);
  }
}
