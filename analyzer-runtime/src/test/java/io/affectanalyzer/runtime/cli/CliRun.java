package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code analyzer run --cpu --no-progress ARGS} in this JVM: its exit code and its stderr. */
record CliRun(int code, String stderr) {
  static CliRun of(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      List<String> all = new ArrayList<>(List.of("run", "--cpu", "--no-progress"));
      all.addAll(List.of(args));
      code = AnalyzerCli.execute(all.toArray(String[]::new));
    } finally {
      System.setErr(saved);
    }
    return new CliRun(code, err.toString(StandardCharsets.UTF_8));
  }

  List<String> errorLines() {
    return stderr.lines().filter(l -> l.startsWith("error:")).toList();
  }

  /** Refused as bad input: exit 2, one error line that mentions {@code mention}, no stack trace. */
  void assertRefused(String mention) {
    assertEquals(ExitCodes.BAD_INPUT, code, stderr);
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains(mention), stderr);
    assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
  }
}
