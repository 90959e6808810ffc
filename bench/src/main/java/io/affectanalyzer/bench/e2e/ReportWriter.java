package io.affectanalyzer.bench.e2e;

import static io.affectanalyzer.bench.e2e.ReportText.f;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's {@link Results} as report.json, report.md and PNG plots: the head (machine and
 * setup) here, then each section's part as that section writes it, in the order of the report.
 */
final class ReportWriter {
  private final Path dir;

  ReportWriter(Path dir) {
    this.dir = dir;
  }

  void write(Results r) throws BenchException {
    try {
      Files.createDirectories(dir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("report.json").toFile(), r);
      Files.writeString(
          dir.resolve("report.md"), markdown(r) + jmhMarkdown(dir.resolve("jmh.json")));
      InferenceLimit.plot(dir, r.inference(), r.setup().modelProvider());
      StreamsScaling.plot(dir, r.streams());
      MemoryGrowth.plot(dir, r.memory());
    } catch (IOException e) {
      throw new BenchException("cannot write the report into " + dir + ": " + e);
    }
  }

  static String markdown(Results r) {
    return head(r)
        + InferenceLimit.markdown(r.inference(), r.setup().modelProvider())
        + SessionScaling.markdown(r.inferenceScaling())
        + PerInputRuns.markdown(r.videos())
        + StreamsScaling.markdown(r.streams())
        + MemoryGrowth.markdown(r.memory())
        + LiveLatency.markdown(r.live())
        + PairedRounds.markdown(r.paired())
        + DetectSettings.markdown(r.detectionSettings())
        + "\nPlots: `throughput-vs-batch.png`, `latency-histogram.png`, `streams-vs-p99.png`,"
        + " `rss-over-time.png`.\n";
  }

  /** The title, the machine, and what every figure was taken with. */
  private static String head(Results r) {
    StringBuilder md = new StringBuilder();
    MachineInfo m = r.machine();
    Results.Setup s = r.setup();
    md.append("# Affect Analyzer benchmark\n\n");
    md.append(
        f(
            "%s on %s (%d cores, %d MB), %s; ONNX Runtime %s (this build's providers: %s); GPU:"
                + " %s; commit %s; load average (1, 5, 15 min) at start %s, at end %s.\n\n",
            m.date(),
            m.cpuModel(),
            m.cores(),
            m.memoryMb(),
            m.jvm(),
            m.onnxRuntime(),
            m.onnxRuntimeProviders(),
            m.gpu(),
            m.gitCommit(),
            m.loadAverageAtStart(),
            r.loadAverageAtEnd()));
    md.append(f("- Affect model: %s, execution provider **%s**.\n", s.model(), s.modelProvider()));
    md.append(
        f("- Detector: %s, execution provider **%s**.\n", s.detector(), s.detectorProvider()));
    md.append(
        f(
            "- ONNX Runtime intra-op threads: %s; pipeline threads: %s; pipeline max batch %d,"
                + " batch deadline %d ms; output: %s.\n",
            s.ortIntraOpThreads() == 0 ? "ONNX Runtime's default" : s.ortIntraOpThreads(),
            s.inferenceCore() == null ? "unpinned" : s.inferenceCore() + " (`--pin-inference`)",
            s.pipelineMaxBatch(),
            s.batchDeadlineMillis(),
            s.writer()));
    md.append(f("- Limits: %s\n\n", s.limitsNote()));
    return md.toString();
  }

  /**
   * The JMH figures as a table, when {@code bench/run.sh} left JMH's JSON results beside the
   * report; empty otherwise.
   */
  static String jmhMarkdown(Path jmhJson) throws IOException {
    if (!Files.isRegularFile(jmhJson)) {
      return "";
    }
    JsonNode runs = new ObjectMapper().readTree(jmhJson.toFile());
    StringBuilder md = new StringBuilder("\n## Microbenchmarks (JMH, `jmh.json`)\n\n");
    md.append(
        "| benchmark | parameters | score | error (99.9%) | unit |\n|---|---|---:|---:|---|\n");
    for (JsonNode run : runs) {
      String name = run.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      List<String> params = new ArrayList<>();
      run.path("params")
          .fields()
          .forEachRemaining(e -> params.add(e.getKey() + "=" + e.getValue().asText()));
      JsonNode m = run.path("primaryMetric");
      md.append(
          f(
              "| %s | %s | %.2f | %.2f | %s |\n",
              name,
              String.join(", ", params),
              m.path("score").asDouble(),
              m.path("scoreError").asDouble(),
              m.path("scoreUnit").asText()));
    }
    return md.toString();
  }
}
