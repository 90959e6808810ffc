package io.affectanalyzer.bench.e2e;

import ai.onnxruntime.OrtEnvironment;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Where and on what a report's figures were measured. */
record MachineInfo(
    String date,
    String cpuModel,
    int cores,
    long memoryMb,
    String os,
    String jvm,
    String onnxRuntime,
    String onnxRuntimeProviders,
    String gpu,
    String gitCommit,
    String loadAverageAtStart) {

  static MachineInfo collect() {
    OrtEnvironment env = OrtSessions.environment();
    return new MachineInfo(
        Instant.now().toString(),
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        memTotalMb(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        env.getVersion(),
        env.getAvailableProviders().toString(),
        readGpu(),
        readGitCommit(),
        loadAverage());
  }

  static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String readCpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long memTotalMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0)
          / 1024;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Each GPU's name, driver and memory as {@code nvidia-smi} reports them; "none" without one. */
  private static String readGpu() {
    String out = run("nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv");
    if (out == null || out.isBlank()) {
      return "none";
    }
    // First line is the CSV header: "name, driver_version [...], memory.total [MiB]".
    return String.join("; ", out.lines().skip(1).map(String::trim).toList());
  }

  /**
   * The checkout's commit, with "-dirty" when it has uncommitted changes; "unknown" outside git.
   */
  private static String readGitCommit() {
    String head = git("rev-parse", "--short=12", "HEAD");
    if (head == null) {
      return "unknown";
    }
    String status = git("status", "--porcelain", "--untracked-files=no");
    return status == null || status.isEmpty() ? head : head + "-dirty";
  }

  private static String git(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return run(cmd);
  }

  /** A command's output, or null when it is missing, fails or hangs (a wedged GPU driver). */
  private static String run(String... cmd) {
    Path out = null;
    try {
      // Into a file, not a pipe: a hung command cannot block the read, a long output the command.
      out = Files.createTempFile("bench-cmd", ".txt");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }
}
