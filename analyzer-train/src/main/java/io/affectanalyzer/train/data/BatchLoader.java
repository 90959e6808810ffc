package io.affectanalyzer.train.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cuts a sample list into batches. Training order is a seeded shuffle per epoch and each sample's
 * augmentation draws from its own seeded generator, so a batch is the same whatever the thread
 * count, and a resumed run sees the same batches it would have seen.
 */
public final class BatchLoader {
  private final List<Sample> samples;
  private final FaceTransform transform;
  private final int batchSize;
  private final boolean training;
  private final long seed;

  public BatchLoader(
      List<Sample> samples, FaceTransform transform, int batchSize, boolean training, long seed) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to batch");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
    }
    this.samples = List.copyOf(samples);
    this.transform = transform;
    this.batchSize = batchSize;
    this.training = training;
    this.seed = seed;
  }

  public int sampleCount() {
    return samples.size();
  }

  /** Training drops a last partial batch (when there is a full one); evaluation keeps it. */
  public int batchesPerEpoch() {
    int full = samples.size() / batchSize;
    if (training && full > 0) {
      return full;
    }
    return (samples.size() + batchSize - 1) / batchSize;
  }

  public Batch batch(NDManager manager, int epoch, int index) {
    if (index < 0 || index >= batchesPerEpoch()) {
      throw new IndexOutOfBoundsException("batch " + index + " of " + batchesPerEpoch());
    }
    List<Integer> order = order(epoch);
    int from = index * batchSize;
    int to = Math.min(samples.size(), from + batchSize);
    int n = to - from;
    int size = transform.size();
    int per = 3 * size * size;
    float[] pixels = new float[n * per];
    long[] expr = new long[n];
    float[] au = new float[n * AffectLabels.AU_COUNT];
    float[] va = new float[n * 2];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              int sampleIndex = order.get(from + i);
              Sample s = samples.get(sampleIndex);
              var image = ImageDecoder.decodeRgb(s.image());
              float[] x =
                  training
                      ? transform.augment(image, sampleRandom(epoch, sampleIndex), s.blurSigma())
                      : transform.evaluate(image, s.blurSigma());
              System.arraycopy(x, 0, pixels, i * per, per);
              expr[i] = s.labels().expr();
              System.arraycopy(
                  s.labels().au(), 0, au, i * AffectLabels.AU_COUNT, AffectLabels.AU_COUNT);
              System.arraycopy(s.labels().va(), 0, va, i * 2, 2);
            });
    NDArray images = manager.create(pixels, new Shape(n, 3, size, size));
    NDList labels =
        new NDList(
            manager.create(expr, new Shape(n)),
            manager.create(au, new Shape(n, AffectLabels.AU_COUNT)),
            manager.create(va, new Shape(n, 2)));
    return new Batch(images, labels);
  }

  private List<Integer> order(int epoch) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, samples.size()).boxed().toList());
    if (training) {
      Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
    }
    return order;
  }

  private Random sampleRandom(int epoch, int sampleIndex) {
    return new Random((seed * 31 + epoch) * 2_654_435_761L + sampleIndex);
  }
}
