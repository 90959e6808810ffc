package io.affectanalyzer.runtime.kafka;

import java.io.IOException;

/** Kafka did not acknowledge some records (a broker went away, a timeout ran out). */
public final class UndeliveredRecordsException extends IOException {
  private final long undelivered;

  UndeliveredRecordsException(long undelivered, long sent, String url, Exception cause) {
    super(
        undelivered
            + " of "
            + sent
            + " records not delivered to "
            + url
            + (cause != null ? ": " + cause.getMessage() : ""),
        cause);
    this.undelivered = undelivered;
  }

  public long undelivered() {
    return undelivered;
  }
}
