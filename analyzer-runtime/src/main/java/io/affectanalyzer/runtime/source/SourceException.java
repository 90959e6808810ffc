package io.affectanalyzer.runtime.source;

/** A source that cannot be opened or read; the message is one line meant for the user. */
public class SourceException extends Exception {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
