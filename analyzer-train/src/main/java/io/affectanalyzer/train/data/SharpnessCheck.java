package io.affectanalyzer.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares how sharp the faces of several sources are, as the model sees them: the median over
 * evenly spaced samples of {@code mean(laplacian^2) / variance} on the first input plane. A source
 * many times blurrier than another (a copy of FER2013's training split once found in {@code
 * ../shared} was about 100x blurrier than its test split) teaches features that do not transfer, so
 * training says so before it starts.
 */
public final class SharpnessCheck {
  /**
   * Sources whose sharpness is below this fraction of the sharpest one are reported. Sharp sets
   * differ by a small factor (CK+'s downscaled faces are about 2x smoother than FER2013's); a
   * blurred copy is an order of magnitude or more apart.
   */
  public static final double MISMATCH = 0.25;

  private SharpnessCheck() {}

  /** Median sharpness of up to {@code max} evenly spaced samples through {@code view}. */
  public static double sharpness(List<Sample> samples, FaceTransform view, int max) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    int n = Math.min(max, samples.size());
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      Sample s = samples.get((int) ((long) i * samples.size() / n));
      float[] chw = view.evaluate(ImageDecoder.decodeRgb(s.image()), s.blurSigma());
      values[i] = of(chw, view.size());
    }
    Arrays.sort(values);
    return values[n / 2];
  }

  /** Laplacian energy over variance of the first {@code size x size} plane (0 for a flat one). */
  static double of(float[] chw, int size) {
    double sum = 0;
    double sumSq = 0;
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      sum += chw[i];
      sumSq += chw[i] * chw[i];
    }
    double variance = sumSq / plane - (sum / plane) * (sum / plane);
    if (variance < 1e-8) {
      return 0;
    }
    double energy = 0;
    int count = 0;
    for (int y = 1; y < size - 1; y++) {
      for (int x = 1; x < size - 1; x++) {
        int i = y * size + x;
        double lap = chw[i - 1] + chw[i + 1] + chw[i - size] + chw[i + size] - 4 * chw[i];
        energy += lap * lap;
        count++;
      }
    }
    return energy / count / variance;
  }

  /** One line per source much blurrier than the sharpest, naming both; empty when they agree. */
  public static List<String> mismatches(Map<String, Double> sharpnessBySource) {
    String sharpest = null;
    double best = 0;
    for (var e : sharpnessBySource.entrySet()) {
      if (e.getValue() > best) {
        best = e.getValue();
        sharpest = e.getKey();
      }
    }
    List<String> lines = new ArrayList<>();
    for (var e : sharpnessBySource.entrySet()) {
      if (best > 0 && e.getValue() < MISMATCH * best) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%s is %.1fx blurrier than %s (sharpness %.3f vs %.3f): what is learnt on one"
                    + " will not transfer to the other; give the sharp source a \"blurSigma\""
                    + " and export with --input-blur (see models/README.md)",
                e.getKey(),
                best / Math.max(e.getValue(), 1e-9),
                sharpest,
                e.getValue(),
                best));
      }
    }
    return lines;
  }
}
