package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.cli.AnalyzerCli;
import io.affectanalyzer.runtime.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The whole chain a user runs: train (two batches), export, then analyse a real video with it. */
class TrainExportAnalyzeTest {
  @TempDir Path dir;

  private static int cli(String... args) {
    CommandLine cl = TrainCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    assertEquals(0, code, err.toString());
    return code;
  }

  @Test
  void shouldServeAModelItTrainedAndExportedOnARealVideo() throws Exception {
    SharedData.require("ckplus/labels.csv");
    Path video = SharedData.require("videos/single_face.mp4");
    Path run = dir.resolve("emma");
    cli(
        "train",
        "emma",
        "--config",
        "configs/tiny-emma.json",
        "--out",
        run.toString(),
        "--limit",
        "2");
    Path model = dir.resolve("emma.onnx");
    cli("export", "--kind", "emma", "--checkpoint", run.toString(), "--out", model.toString());

    try (io.affectanalyzer.runtime.model.OnnxAffectModel loaded =
        io.affectanalyzer.runtime.model.OnnxAffectModel.open(
            model, io.affectanalyzer.runtime.onnx.OrtSessions.Options.cpu(1))) {
      String provenance =
          loaded
              .spec()
              .metadata()
              .get(io.affectanalyzer.runtime.model.ModelContract.META_PROVENANCE);
      // The exact command that made it, and the code's commit, travel with the model.
      assertTrue(
          provenance.contains("command=train emma --config configs/tiny-emma.json --out " + run),
          provenance);
      assertTrue(provenance.matches(".*commit=([0-9a-f]{40}|unknown).*"), provenance);
    }

    Path out = dir.resolve("single.jsonl");
    int code =
        AnalyzerCli.execute(
            "run",
            "--cpu",
            "--no-progress",
            "--input",
            video.toString(),
            "--model",
            model.toString(),
            "--out",
            out.toString());
    assertEquals(0, code);
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      records.add(new ObjectMapper().readTree(line));
    }
    assertEquals(72, records.size());
    long scored = 0;
    for (JsonNode r : records) {
      for (JsonNode face : r.get("faces")) {
        if (face.get("analysed").asBoolean()) {
          scored++;
          assertEquals(12, face.get("au").size());
          double sum = 0;
          for (JsonNode p : face.get("expr")) {
            sum += p.asDouble();
          }
          assertEquals(1.0, sum, 0.01);
          assertTrue(Math.abs(face.get("valence").asDouble()) <= 1);
          assertEquals("category-prior", face.get("va_supervision").asText());
        }
      }
    }
    assertTrue(scored >= 0.95 * records.size(), scored + " faces scored in 72 frames");
  }
}
