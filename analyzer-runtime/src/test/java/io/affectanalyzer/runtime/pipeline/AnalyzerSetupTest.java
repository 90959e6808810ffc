package io.affectanalyzer.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.codahale.metrics.MetricRegistry;
import io.affectanalyzer.runtime.cpu.InferenceCore;
import io.affectanalyzer.runtime.detect.FaceDetectors;
import io.affectanalyzer.runtime.onnx.OrtSessions;
import io.affectanalyzer.runtime.output.ResultWriter;
import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.SourceOptions;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the setup opens for a pipeline, and the pipelines it makes from that. */
class AnalyzerSetupTest {
  @TempDir Path dir;

  private AnalyzerSetup.Settings settings(Path model, int threads, AnalyzerSetup.Pinning pinning) {
    return new AnalyzerSetup.Settings(
        model,
        FaceDetectors.DEFAULT,
        null,
        OrtSessions.Options.cpu(threads),
        Pipeline.Config.DEFAULT,
        pinning);
  }

  @Test
  void shouldAlignForTheModelAndWriteARecordOfTheImageThroughItsPipeline() throws Exception {
    Path model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
    Path image = SharedData.require("images/single_face.jpg");
    Path out = dir.resolve("out.jsonl");
    try (AnalyzerSetup setup = AnalyzerSetup.open(settings(model, 1, AnalyzerSetup.Pinning.OFF))) {
      assertEquals(32, setup.aligner().size());
      assertNull(setup.inferenceCore());
      assertEquals(Pipeline.Config.DEFAULT, setup.config());
      ResultWriter writer = setup.openOutput(out);
      FrameSource source = FrameSources.open(image.toString(), SourceOptions.defaults());
      source.start();
      try (Pipeline pipeline =
          setup.pipeline(
              List.of(source),
              List.of(writer),
              new PipelineMetrics(new MetricRegistry()),
              r -> {})) {
        pipeline.start();
        assertEquals(1, pipeline.await().get(0).frames());
      }
    }
    List<String> records = Files.readAllLines(out);
    assertEquals(1, records.size());
    assertTrue(records.get(0).contains("\"expr\""), records.get(0));
  }

  @Test
  void shouldAlignTheUsualInputWithoutAModel() throws Exception {
    try (AnalyzerSetup setup = AnalyzerSetup.open(settings(null, 1, AnalyzerSetup.Pinning.AUTO))) {
      assertNull(setup.model());
      assertNull(setup.spec());
      assertEquals(112, setup.aligner().size());
      assertNull(setup.inferenceCore(), "no inference stage, nothing to pin");
    }
  }

  @Test
  void shouldPinInferenceOnTheCpuOnlyWithOneThread() throws Exception {
    assumeTrue(InferenceCore.ofThisThread().isPresent(), "skipped: needs Linux and 2 CPUs");
    Path model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec());
    try (AnalyzerSetup always =
        AnalyzerSetup.open(settings(model, 1, AnalyzerSetup.Pinning.ALWAYS))) {
      assertTrue(always.inferenceCore().isAlways());
      assertEquals(always.inferenceCore(), always.config().inferenceCore());
    }
    try (AnalyzerSetup twoThreads =
        AnalyzerSetup.open(settings(model, 2, AnalyzerSetup.Pinning.ALWAYS))) {
      assertNull(twoThreads.inferenceCore());
    }
  }

  @Test
  void shouldRefuseAnUnknownDetectorOrAMissingYuNetFileWithOneLine() {
    AnalyzerSetup.Settings d = settings(null, 1, AnalyzerSetup.Pinning.OFF);
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AnalyzerSetup.open(
                    new AnalyzerSetup.Settings(
                        null, "haar", null, d.ort(), d.config(), d.pinning())));
    assertTrue(unknown.getMessage().contains("unknown face detector 'haar'"), unknown.getMessage());
    IllegalArgumentException yunet =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AnalyzerSetup.open(
                    new AnalyzerSetup.Settings(
                        null,
                        "yunet:" + dir.resolve("no.onnx"),
                        null,
                        d.ort(),
                        d.config(),
                        d.pinning())));
    assertTrue(yunet.getMessage().startsWith("no such YuNet model file"), yunet.getMessage());
  }
}
