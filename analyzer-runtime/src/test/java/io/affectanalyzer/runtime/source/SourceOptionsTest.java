package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SourceOptionsTest {
  @Test
  void shouldDoubleTheBackoffUpToTheCap() {
    SourceOptions o = SourceOptions.defaults();
    List<Long> pauses = IntStream.rangeClosed(1, 7).mapToObj(a -> o.backoff(a).toMillis()).toList();
    assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 8000L, 8000L), pauses);
  }

  @Test
  void shouldRejectAZeroTimeoutAndACapBelowTheStart() {
    SourceOptions d = SourceOptions.defaults();
    assertThrows(
        IllegalArgumentException.class, () -> d.withTimeouts(Duration.ZERO, d.readTimeout()));
    assertThrows(
        IllegalArgumentException.class,
        () -> d.withReconnect(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> d.withReconnect(-1, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }
}
