package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.export.TinyModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
  private static int run(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new EvalCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void shouldScoreThePeerNearItsPublishedAccuracyAndWriteReportAndPngs(@TempDir Path dir)
      throws Exception {
    Path peer = SharedData.require("models/peers/minixception_fer2013.onnx");
    SharedData.require("fer2013/test");
    Path model = TinyModels.expressionModel(dir.resolve("tiny.onnx"));
    Path out = dir.resolve("report.json");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--model",
            model.toString(),
            "--data",
            "fer2013-test",
            "--limit",
            "700",
            "--peer",
            peer.toString(),
            "--out",
            out.toString(),
            "--data-root",
            SharedData.dir().resolve("data").toString());
    assertEquals(0, code, err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toFile()).get("results").get(0);
    assertEquals(700, result.get("samples").asInt());
    JsonNode peerExpr = result.get("peer").get("expr");
    double accuracy = peerExpr.get("accuracy").asDouble();
    System.out.printf(
        "peer on 700 fer2013-test faces: accuracy %.3f, macro F1 %.3f%n",
        accuracy, peerExpr.get("macro_f1_present").asDouble());
    // Published 60.3% on the whole test set; a wrong class mapping or scaling lands far below.
    assertTrue(accuracy > 0.5 && accuracy < 0.7, "peer accuracy " + accuracy);
    long total = 0;
    for (JsonNode row : result.get("expr").get("confusion")) {
      for (JsonNode v : row) {
        total += v.asLong();
      }
    }
    assertEquals(700, total);
    assertEquals(
        0, result.get("expr").get("confusion").get(7).get(7).asLong(), "FER has no 'other'");
    assertTrue(Files.size(dir.resolve(result.get("confusion_png").asText())) > 1000);
    assertTrue(Files.exists(dir.resolve(result.get("peer").get("confusion_png").asText())));
  }

  @Test
  void shouldFailInOneLineOnAMissingModel(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--model",
            dir.resolve("nope.onnx").toString(),
            "--data",
            "ckplus-val",
            "--out",
            dir.resolve("r.json").toString());
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("eval: model file not found"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(Files.exists(dir.resolve("r.json")));
  }

  @Test
  void shouldFailInOneLineOnUnknownData(@TempDir Path dir) throws Exception {
    Path model = TinyModels.expressionModel(dir.resolve("tiny.onnx"));
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--model",
            model.toString(),
            "--data",
            "affectnet",
            "--out",
            dir.resolve("r.json").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("unknown data 'affectnet'"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }
}
