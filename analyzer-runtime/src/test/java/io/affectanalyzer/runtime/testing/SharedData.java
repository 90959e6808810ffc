package io.affectanalyzer.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data beside the checkout ({@code ../shared}, or the {@code shared.dir} system property).
 * Tests that need it call {@link #require}, which skips the test with a visible reason when the
 * file is absent (a fresh clone without {@code ../shared}).
 */
public final class SharedData {
  private SharedData() {}

  public static Path dir() {
    String configured = System.getProperty("shared.dir");
    return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
  }

  /** {@code ../shared/data/<relative>}, or a skipped test when it is missing. */
  public static Path require(String relative) {
    Path path = dir().resolve("data").resolve(relative);
    assumeTrue(
        Files.exists(path),
        () -> "skipped: needs " + path + " (the shared data beside the checkout) which is absent");
    return path;
  }
}
