package io.affectanalyzer.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.cli.AnalyzerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code analyzer run --cpu --no-progress ...} in this JVM: its exit code and what it said on
 * stderr (captured while it ran).
 */
public record CliRun(int code, String stderr) {
  /** {@code run --cpu --no-progress} and then {@code args}, each as its text. */
  public static List<String> commandLine(Object... args) {
    return Stream.concat(
            Stream.of("run", "--cpu", "--no-progress"), Stream.of(args).map(String::valueOf))
        .toList();
  }

  public static CliRun run(Object... args) {
    String[] line = commandLine(args).toArray(String[]::new);
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = AnalyzerCli.execute(line);
    } finally {
      System.setErr(before);
    }
    return new CliRun(code, said.toString(StandardCharsets.UTF_8));
  }

  /** The lines starting "error:". */
  public List<String> errorLines() {
    return stderr.lines().filter(l -> l.startsWith("error:")).toList();
  }

  /** Refused as bad input: exit 2, one error line that mentions {@code mention}, no stack trace. */
  public void assertRefused(String mention) {
    assertEquals(2, code, stderr);
    assertEquals(1, errorLines().size(), stderr);
    assertTrue(errorLines().get(0).contains(mention), stderr);
    assertFalse(showsAStackTrace(), stderr);
  }

  /** True when a Java stack trace or exception name reached the user. */
  public boolean showsAStackTrace() {
    return stderr.contains("\tat ") || stderr.contains("Exception");
  }
}
