package io.affectanalyzer.train.data;

import java.nio.file.Path;

/**
 * A data file the user pointed at is missing or malformed. The message is one line, {@code
 * file:line: what is wrong}, fit to show without a stack trace.
 */
public final class DataFormatException extends RuntimeException {
  public DataFormatException(String message) {
    super(message);
  }

  public static DataFormatException at(Path file, int line, String what) {
    return new DataFormatException(file + ":" + line + ": " + what);
  }

  public static DataFormatException of(Path file, String what) {
    return new DataFormatException(file + ": " + what);
  }
}
