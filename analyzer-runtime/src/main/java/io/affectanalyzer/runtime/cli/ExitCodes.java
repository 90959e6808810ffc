package io.affectanalyzer.runtime.cli;

/** What {@code analyzer} exits with. */
final class ExitCodes {
  static final int OK = 0;

  /** Something went wrong inside the analyzer (a bug, a failing inference). */
  static final int FAILURE = 1;

  /** The user's input cannot be used: missing or unreadable file, unreachable stream, bad model. */
  static final int BAD_INPUT = 2;

  /** An input ended early (damaged file, stream gone): what came before it was written. */
  static final int INPUT_ENDED_EARLY = 3;

  /** Kafka did not take every record (a broker went away): part of the output is missing. */
  static final int RECORDS_UNDELIVERED = 3;

  private ExitCodes() {}
}
