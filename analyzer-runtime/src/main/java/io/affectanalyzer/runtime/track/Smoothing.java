package io.affectanalyzer.runtime.track;

import java.util.Locale;

/**
 * How each track's scores are smoothed over time, as {@code --smooth} spells it: {@code none},
 * {@code ema:ALPHA} (exponential moving average per frame) or {@code one-euro[:MIN_CUTOFF[:BETA]]}
 * (the 1€ filter, cutoff in Hz). Immutable; each track gets its own filters from {@link
 * #newFilter()}.
 */
public record Smoothing(Kind kind, double alpha, double minCutoffHz, double beta) {
  public enum Kind {
    NONE,
    EMA,
    ONE_EURO
  }

  public static final Smoothing NONE = new Smoothing(Kind.NONE, 1, 0, 0);

  // Chosen on WolfgangLanger_Pexels.mp4 with the shipped model (README, "Smoothing"): as steady
  // as ema:0.3 there with the same lag, and in seconds, so the same at any frame rate.
  public static final double DEFAULT_MIN_CUTOFF_HZ = 0.5;
  public static final double DEFAULT_BETA = 3.0;

  /** The default setting of {@code --smooth}. */
  public static final String DEFAULT = "one-euro";

  /** The setting {@code text} names; the message of the exception says what is wrong. */
  public static Smoothing parse(String text) {
    String[] p = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
    try {
      switch (p[0]) {
        case "none":
          if (p.length == 1) {
            return NONE;
          }
          break;
        case "ema":
          if (p.length == 2) {
            double alpha = Double.parseDouble(p[1]);
            if (!(alpha > 0 && alpha <= 1)) {
              throw new IllegalArgumentException(
                  "--smooth ema:ALPHA needs an ALPHA in (0, 1], is " + p[1]);
            }
            return new Smoothing(Kind.EMA, alpha, 0, 0);
          }
          break;
        case "one-euro":
          if (p.length <= 3) {
            double cutoff = p.length > 1 ? Double.parseDouble(p[1]) : DEFAULT_MIN_CUTOFF_HZ;
            double beta = p.length > 2 ? Double.parseDouble(p[2]) : DEFAULT_BETA;
            if (!(cutoff > 0) || !(beta >= 0) || Double.isInfinite(cutoff + beta)) {
              throw new IllegalArgumentException(
                  "--smooth one-euro:MIN_CUTOFF:BETA needs a MIN_CUTOFF above 0 and a BETA of 0 or"
                      + " more, is "
                      + text);
            }
            return new Smoothing(Kind.ONE_EURO, 1, cutoff, beta);
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // reported below, with what the forms are
    }
    throw new IllegalArgumentException(
        "--smooth must be none, ema:ALPHA or one-euro[:MIN_CUTOFF[:BETA]], is " + text);
  }

  /** Whether scores are smoothed at all (and the raw ones written beside them). */
  public boolean on() {
    return kind != Kind.NONE;
  }

  /** A fresh filter for one head of one track. */
  ScoreFilter newFilter() {
    return switch (kind) {
      case EMA -> new EmaFilter(alpha);
      case ONE_EURO -> new OneEuroFilter(minCutoffHz, beta);
      case NONE -> throw new IllegalStateException("no filter when smoothing is off");
    };
  }

  /** The setting as {@code --smooth} takes it. */
  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "none";
      case EMA -> "ema:" + alpha;
      case ONE_EURO -> "one-euro:" + minCutoffHz + ":" + beta;
    };
  }
}
