package io.affectanalyzer.runtime.cli;

/** A mistake in the command line; its message is the one line the user sees. */
final class UserError extends Exception {
  UserError(String message) {
    super(message);
  }

  /** Throws a {@code UserError} with {@code message} unless {@code ok}. */
  static void require(boolean ok, String message) throws UserError {
    if (!ok) {
      throw new UserError(message);
    }
  }
}
