package io.affectanalyzer.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Number formatting shared by every section's part of report.md (always with a decimal point). */
final class ReportText {
  private ReportText() {}

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** {@code v} in {@code format}, or {@code otherwise} when it is NaN or infinite. */
  static String num(double v, String format, String otherwise) {
    return Double.isFinite(v) ? f(format, v) : otherwise;
  }

  /**
   * {@code "name value, name value"}: a map's entries in its order, each value in {@code format}.
   */
  static String joined(Map<String, Double> values, String format) {
    List<String> parts = new ArrayList<>();
    values.forEach((name, v) -> parts.add(f("%s " + format, name, v)));
    return String.join(", ", parts);
  }
}
