package io.affectanalyzer.train.data;

import java.nio.file.Path;

/** Number parsing for table readers: a bad field becomes a file:line message, never a raw NFE. */
final class Fields {
  private Fields() {}

  static float parseFloat(String text, Path file, int line, String name) {
    try {
      float v = Float.parseFloat(text.strip());
      if (!Float.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw DataFormatException.at(file, line, name + " '" + text.strip() + "' is not a number");
    }
  }

  static int parseInt(String text, Path file, int line, String name) {
    String t = text.strip();
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      // Some exports write integer labels as "1.0".
      try {
        double d = Double.parseDouble(t);
        if (d == Math.rint(d) && Math.abs(d) < 1e6) {
          return (int) d;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the message below
      }
      throw DataFormatException.at(file, line, name + " '" + t + "' is not an integer");
    }
  }
}
