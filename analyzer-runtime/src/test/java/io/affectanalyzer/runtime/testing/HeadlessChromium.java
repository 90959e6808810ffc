package io.affectanalyzer.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, loading a page of a loopback server: its DOM after the scripts ran,
 * or a screenshot. Each call starts a fresh browser with a profile of its own; none reaches out to
 * the internet. Tests that need it call {@link #require}, which skips them with the reason when
 * Chromium is absent ({@code scripts/install-deps.sh} installs it).
 */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 30;

  private final Path profiles;

  private HeadlessChromium(Path profiles) {
    this.profiles = profiles;
  }

  /** Chromium with its profiles under {@code dir}, or a skipped test. */
  public static HeadlessChromium require(Path dir) {
    assumeTrue(
        Files.isExecutable(BINARY),
        "skipped: needs Chromium at " + BINARY + " (scripts/install-deps.sh installs it)");
    return new HeadlessChromium(dir);
  }

  /** The page's DOM once its scripts had {@code budgetMillis} of virtual time. */
  public String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
    return new String(run(url, budgetMillis, "--dump-dom"), StandardCharsets.UTF_8);
  }

  /** A PNG of the page in a {@code width} x {@code height} window into {@code file}. */
  public void screenshot(String url, int budgetMillis, Path file, int width, int height)
      throws IOException, InterruptedException {
    run(url, budgetMillis, "--screenshot=" + file, "--window-size=" + width + "," + height);
    if (!Files.isRegularFile(file)) {
      throw new IOException("chromium wrote no screenshot to " + file);
    }
  }

  private byte[] run(String url, int budgetMillis, String... what)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium"),
                "--virtual-time-budget=" + budgetMillis));
    command.addAll(List.of(what));
    command.add(url);
    Path log = Files.createTempFile(profiles, "chromium", ".log");
    Path out = Files.createTempFile(profiles, "chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + url);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(log));
    }
    return Files.readAllBytes(out);
  }
}
