package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MachineInfoTest {
  private static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  @Test
  void shouldSayWhichCommitOnnxRuntimeBuildAndGpuMeasured() {
    MachineInfo m = MachineInfo.collect();
    assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
    assertTrue(m.onnxRuntime().matches("\\d+\\.\\d+\\.\\d+.*"), m.onnxRuntime());
    assertTrue(m.onnxRuntimeProviders().contains("CPU"), m.onnxRuntimeProviders());
    if (onPath("git") && Files.isDirectory(Path.of("..", ".git"))) { // tests run in bench/
      assertTrue(m.gitCommit().matches("[0-9a-f]{12}(-dirty)?"), m.gitCommit());
    }
    if (onPath("nvidia-smi")) {
      assertTrue(!m.gpu().equals("none") && m.gpu().contains(","), m.gpu()); // name, driver, ...
    } else {
      assertEquals("none", m.gpu());
    }
  }
}
