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
    Path emma = TinyModels.emmaModel(dir.resolve("emma.onnx"));
    Path out = dir.resolve("reports/report.json"); // a folder that does not exist yet
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--model",
            model + "," + emma,
            "--data",
            "fer2013-test",
            "--limit",
            "700",
            "--peer",
            peer.toString(),
            "--through-pipeline",
            "--out",
            out.toString(),
            "--data-root",
            SharedData.dir().resolve("data").toString());
    assertEquals(0, code, err.toString());
    JsonNode results = new ObjectMapper().readTree(out.toFile()).get("results");
    JsonNode result = results.get(0);
    assertEquals(700, result.get("samples").asInt());
    // The peer is a result of its own, after the models, on the same faces.
    JsonNode peerResult = results.get(2);
    assertEquals("peer", peerResult.get("role").asText());
    assertEquals("minixception_fer2013.onnx", peerResult.get("model").asText());
    assertEquals(EvalCommand.VIEW_CROPPED, peerResult.get("view").asText());
    JsonNode peerExpr = peerResult.get("expr");
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
    dir = out.getParent();
    assertTrue(Files.size(dir.resolve(result.get("confusion_png").asText())) > 1000);
    assertTrue(Files.exists(dir.resolve(peerResult.get("confusion_png").asText())));

    // Both models on the same 700 faces, each with its own confusion PNG, and one Markdown table.
    JsonNode second = new ObjectMapper().readTree(out.toFile()).get("results").get(1);
    assertEquals("emma.onnx", second.get("model").asText());
    assertEquals(700, second.get("expr").get("labelled").asInt());
    assertFalse(second.get("confusion_png").asText().equals(result.get("confusion_png").asText()));
    String md = Files.readString(dir.resolve("report.md"));
    String peerRow =
        String.format(
            java.util.Locale.ROOT, "| minixception_fer2013.onnx (peer) | %.1f%%", 100 * accuracy);
    assertTrue(md.contains(peerRow), md);
    assertTrue(md.contains("| tiny.onnx |") && md.contains("| emma.onnx |"), md);

    // The same faces through the runtime's detector and aligner: the same three, and the faces
    // not found counted wrong, not dropped.
    assertEquals(6, results.size());
    JsonNode piped = results.get(5);
    assertEquals(EvalCommand.VIEW_PIPELINE, piped.get("view").asText());
    assertEquals("peer", piped.get("role").asText());
    long noFace = piped.get("expr").get("no_face").asLong();
    // BlazeFace misses a few of these 48-pixel crops even with a border around them.
    assertTrue(noFace > 0 && noFace < 0.15 * 700, noFace + " of 700 faces not found");
    assertEquals(700, piped.get("expr").get("labelled").asLong());
    long predicted = 0;
    for (JsonNode row : piped.get("expr").get("confusion")) {
      for (JsonNode v : row) {
        predicted += v.asLong();
      }
    }
    assertEquals(700 - noFace, predicted);
    double pipedAccuracy = piped.get("expr").get("accuracy").asDouble();
    System.out.printf(
        "peer through detect + align: accuracy %.3f, %d not found%n", pipedAccuracy, noFace);
    // Faces found are aligned as the runtime does: the peer still reads most of them right, and
    // it cannot exceed what the found faces allow.
    assertTrue(pipedAccuracy > 0.35 && pipedAccuracy <= 1.0 - noFace / 700.0, "" + pipedAccuracy);
    assertEquals(noFace, results.get(3).get("expr").get("no_face").asLong(), "same faces");
    assertTrue(md.contains(EvalCommand.VIEW_PIPELINE), md);
    assertTrue(md.contains(noFace + " not found: counted wrong"), md);
  }

  @Test
  void shouldScoreAllThreeTasksAndPmtlOnAbawMtlLines(@TempDir Path dir) throws Exception {
    Path ck = SharedData.require("ckplus/CK+48");
    // Eight lines in the ABAW4 MTL format over real faces, with unlabelled (-1/-5) values mixed in.
    String[] images = {
      "happy/S010_006_00000013.png",
      "anger/S010_004_00000017.png",
      "surprise/S010_002_00000012.png",
      "sadness/S011_002_00000020.png",
      "happy/S010_006_00000014.png",
      "anger/S010_004_00000018.png",
      "surprise/S010_002_00000013.png",
      "sadness/S011_002_00000021.png"
    };
    int[] expr = {4, 1, 6, 5, 4, -1, 6, 5};
    StringBuilder lines =
        new StringBuilder(
            "image,valence,arousal,expression,AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26\n");
    for (int i = 0; i < images.length; i++) {
      Path image = ck.resolve(images[i]);
      if (!Files.exists(image)) {
        try (var files = Files.list(ck.resolve(images[i].split("/")[0]))) {
          image = files.sorted().findFirst().orElseThrow();
        }
      }
      Files.copy(image, dir.resolve("f" + i + ".png"));
      String va = i == 3 ? "-5,-5" : (i % 2 == 0 ? "0.6,0.3" : "-0.4,0.7");
      String au =
          i == 2
              ? "-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1"
              : (i % 2 == 0 ? "0,0,0,1,1,0,1,0,0,0,1,0" : "0,0,1,0,1,0,0,0,1,1,0,0");
      lines
          .append("f")
          .append(i)
          .append(".png,")
          .append(va)
          .append(",")
          .append(expr[i])
          .append(",")
          .append(au)
          .append("\n");
    }
    Path mtl = Files.writeString(dir.resolve("val.txt"), lines.toString());
    Path model = TinyModels.emmaModel(dir.resolve("emma.onnx"));
    Path out = dir.resolve("mtl.json");
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        run(err, "--model", model.toString(), "--data", "mtl:" + mtl, "--out", out.toString()),
        err.toString());
    JsonNode r = new ObjectMapper().readTree(out.toFile()).get("results").get(0);
    assertEquals(8, r.get("samples").asInt());
    assertEquals(7, r.get("expr").get("labelled").asInt());
    double cccV = r.get("va").get("ccc_valence").asDouble();
    double cccA = r.get("va").get("ccc_arousal").asDouble();
    double f1 = r.get("expr").get("macro_f1_8").asDouble();
    double au = r.get("au").get("mean_f1").asDouble();
    assertEquals(12, r.get("au").get("f1").size());
    assertTrue(cccV >= -1 && cccV <= 1 && cccA >= -1 && cccA <= 1, cccV + " " + cccA);
    assertEquals((cccV + cccA) / 2 + f1 + au, r.get("p_mtl").asDouble(), 1e-9);
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
