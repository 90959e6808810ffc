package io.affectanalyzer.bench.e2e;

/** A harness problem for the user: one line, no stack trace. */
final class BenchException extends Exception {
  BenchException(String message) {
    super(message);
  }
}
