package io.affectanalyzer.runtime.model;

/** A model file that cannot be used; the message is one line meant for the user. */
public class ModelException extends Exception {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
