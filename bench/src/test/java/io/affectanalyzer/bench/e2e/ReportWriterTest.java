package io.affectanalyzer.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @Test
  void shouldTabulateJmhResultsWithShortNamesAndParameters(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("jmh.json");
    Files.writeString(
        json,
        """
        [{"benchmark": "io.affectanalyzer.bench.jmh.TensorPackBench.pack",
          "params": {"batch": "8"},
          "primaryMetric": {"score": 12.345, "scoreError": 0.5, "scoreUnit": "us/op"}}]
        """);
    String md = ReportWriter.jmhMarkdown(json);
    assertTrue(md.contains("| TensorPackBench.pack | batch=8 | 12.35 | 0.50 | us/op |"), md);
  }

  @Test
  void shouldWriteNoJmhSectionWithoutJmhResults(@TempDir Path dir) throws Exception {
    assertEquals("", ReportWriter.jmhMarkdown(dir.resolve("jmh.json")));
  }
}
