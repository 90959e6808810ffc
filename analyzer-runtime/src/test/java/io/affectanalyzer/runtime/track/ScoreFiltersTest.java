package io.affectanalyzer.runtime.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The filters on made-up signals: a step, jitter, and a probability vector. */
class ScoreFiltersTest {
  private static final double FPS = 24;

  /** Frames after the step (at frame 0) until the filtered value reaches {@code level}. */
  private static int framesToReach(ScoreFilter f, double level) {
    f.next(new float[] {0}, 0);
    for (int n = 0; n < 1000; n++) {
      if (f.next(new float[] {1}, (n + 1) / FPS)[0] >= level) {
        return n;
      }
    }
    return -1;
  }

  @Test
  void shouldLagAStepByAsManyFramesAsTheEmaFormulaSays() {
    for (double alpha : new double[] {0.2, 0.3, 0.5, 0.7}) {
      for (double level : new double[] {0.5, 0.9}) {
        // y_n = 1 - (1 - alpha)^(n + 1) on the n-th frame after the step.
        int expected = (int) Math.ceil(Math.log(1 - level) / Math.log(1 - alpha) - 1);
        assertEquals(
            expected,
            framesToReach(new EmaFilter(alpha), level),
            "alpha " + alpha + " to " + level);
      }
    }
    assertEquals(0, framesToReach(new EmaFilter(1), 1.0), "alpha 1 passes values through");
  }

  @Test
  void shouldStartEveryFilterAtTheFirstValue() {
    float[] first = {0.25f, 0.75f};
    assertEquals(0.25f, new EmaFilter(0.1).next(first, 0)[0]);
    assertEquals(0.75f, new OneEuroFilter(0.5, 3).next(first, 0)[1]);
  }

  @Test
  void shouldStepByTheFirstOrderLowPassOfItsCutoffWhenBetaIsZero() {
    for (double dt : new double[] {1 / 60.0, 1 / 24.0, 0.2}) {
      OneEuroFilter f = new OneEuroFilter(1.0, 0);
      f.next(new float[] {0}, 1.0);
      float y = f.next(new float[] {1}, 1.0 + dt)[0];
      double tau = 1 / (2 * Math.PI);
      assertEquals(1 / (1 + tau / dt), y, 1e-6, "dt " + dt);
    }
  }

  @Test
  void shouldMoveFurtherAfterAGapInTime() {
    // A live stream that dropped frames: the same sample after a longer wait counts for more.
    OneEuroFilter quick = new OneEuroFilter(0.5, 0);
    OneEuroFilter late = new OneEuroFilter(0.5, 0);
    quick.next(new float[] {0}, 0);
    late.next(new float[] {0}, 0);
    assertTrue(late.next(new float[] {1}, 0.5)[0] > 2 * quick.next(new float[] {1}, 1 / FPS)[0]);
  }

  /** Standard deviation of the filter's output over frames 100-199 of steady jittery input. */
  private static double steadyJitter(ScoreFilter f, double sigma) {
    Random r = new Random(7);
    double sum = 0;
    double sum2 = 0;
    for (int n = 0; n < 200; n++) {
      double y = f.next(new float[] {(float) (0.2 + sigma * r.nextGaussian())}, n / FPS)[0];
      if (n >= 100) {
        sum += y;
        sum2 += y * y;
      }
    }
    double mean = sum / 100;
    return Math.sqrt(sum2 / 100 - mean * mean);
  }

  /** Frames from a jump of 0.2 to 0.8 (no jitter) until the output is past 0.5. */
  private static int lagOnAJump(ScoreFilter f) {
    for (int n = 0; n < 50; n++) {
      f.next(new float[] {0.2f}, n / FPS);
    }
    for (int n = 0; n < 200; n++) {
      if (f.next(new float[] {0.8f}, (50 + n) / FPS)[0] > 0.5) {
        return n;
      }
    }
    return 200;
  }

  @Test
  void shouldPassAFastChangeWithLessLagThanAnEmaThatIsAsSteady() {
    double sigma = 0.02;
    double oneEuroJitter = steadyJitter(new OneEuroFilter(0.5, 3), sigma);
    assertTrue(oneEuroJitter < 0.5 * sigma, "it smooths: " + oneEuroJitter);
    // The EMA whose steady output jitters as little: bisect on alpha (less alpha, less jitter).
    double lo = 0.001;
    double hi = 1;
    for (int i = 0; i < 40; i++) {
      double mid = (lo + hi) / 2;
      if (steadyJitter(new EmaFilter(mid), sigma) > oneEuroJitter) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    int emaLag = lagOnAJump(new EmaFilter(lo));
    int oneEuroLag = lagOnAJump(new OneEuroFilter(0.5, 3));
    assertTrue(
        oneEuroLag < emaLag,
        "one-euro " + oneEuroLag + " frames, EMA (alpha " + lo + ") " + emaLag + " frames");
  }

  @Test
  void shouldKeepProbabilitiesSummingToOneAndInRange() {
    Random r = new Random(3);
    OneEuroFilter f = new OneEuroFilter(0.5, 3);
    for (int n = 0; n < 300; n++) {
      float[] p = new float[8];
      float sum = 0;
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) Math.pow(r.nextFloat(), 4); // peaky, and changing a lot
        sum += p[i];
      }
      for (int i = 0; i < p.length; i++) {
        p[i] /= sum;
      }
      float[] y = f.next(p, n / FPS);
      double total = 0;
      for (float v : y) {
        assertTrue(v >= 0 && v <= 1, "in range: " + v);
        total += v;
      }
      assertEquals(1, total, 1e-5);
    }
  }
}
