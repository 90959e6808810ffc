package io.affectanalyzer.train.trainer;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Which version of this project's code produced a run or an export: its git commit. */
public final class SourceVersion {
  private SourceVersion() {}

  /** The commit of the working tree, or "unknown" outside a git checkout. */
  public static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")
          ? out
          : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
