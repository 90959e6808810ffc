package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyzerCliTest {
  @ParameterizedTest
  @ValueSource(strings = {"run", "worker", "timeline"})
  void shouldPrintHelpWithoutPicocliWarnings(String command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      rc = AnalyzerCli.execute(command, "--help");
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String help = outBytes.toString(StandardCharsets.UTF_8);
    String warnings = errBytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc);
    assertTrue(help.startsWith("Usage: analyzer " + command), help);
    // A bare % in a description made picocli print three WARN lines above `run --help`.
    assertFalse(warnings.contains("WARN"), warnings);
    assertFalse(help.contains("%n"), help);
  }
}
