package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.nn.ParameterNames;
import io.affectanalyzer.train.trainer.Checkpoint;
import io.affectanalyzer.train.trainer.Pretrained;
import io.affectanalyzer.train.trainer.TrainResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shipped tiny configs run through the real command line for two batches each. */
class TrainEmmaCommandTest {
  @TempDir Path dir;

  private static TrainResult train(String... args) {
    CommandLine cl = TrainCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    assertEquals(0, code, err.toString());
    TrainCommand cmd = cl.getSubcommands().get("train").getCommand();
    return cmd.result();
  }

  /** Runs a training command that must be refused: its stderr, after checking exit code 2. */
  private String refusal(String kind, Path cfg) {
    CommandLine cl = TrainCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code =
        cl.execute(
            "train", kind, "--config", cfg.toString(), "--out", dir.resolve("bad").toString());
    assertEquals(2, code, err.toString());
    return err.toString();
  }

  @Test
  void shouldTrainTinyEmmaForTwoBatchesAndScoreExpressionAndAus() throws Exception {
    SharedData.require("ckplus/labels.csv");
    SharedData.require("fer2013/train");
    Path out = dir.resolve("emma");
    // The trainer's own data warnings go to stderr: CK+ and FER2013's training split are both
    // sharp, so its sharpness check says nothing (SharpnessCheckTest shows it naming a blurred
    // one).
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    TrainResult r;
    try {
      System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      r =
          train(
              "train",
              "emma",
              "--config",
              "configs/tiny-emma.json",
              "--out",
              out.toString(),
              "--limit",
              "2");
    } finally {
      System.setErr(stderr);
    }
    String warned = warnings.toString(StandardCharsets.UTF_8);
    assertFalse(warned.contains("blurrier than"), warned);
    // stderr is not a terminal here: no bar, but one line per epoch with its scores.
    assertFalse(warned.contains("│"), warned);
    assertTrue(
        warned
            .lines()
            .anyMatch(
                l -> l.matches("epoch 1/\\d+: loss \\d+\\.\\d{4}, .*expr_f1 .*, \\d+\\.\\d s")),
        warned);
    assertEquals("emma", r.kind());
    assertEquals(2, r.endStep());
    assertTrue(r.lastTrainLoss() > 0 && Double.isFinite(r.lastTrainLoss()));
    assertTrue(
        r.validation().containsKey("expr_f1") && r.validation().containsKey("au_f1"),
        r.validation().toString());
    assertTrue(Files.size(r.checkpoint().resolve(Checkpoint.MODEL)) > 10_000);
    List<String> csv = Files.readAllLines(r.metricsCsv());
    assertTrue(csv.get(0).contains("train_au") && csv.get(0).contains("train_va"), csv.get(0));
    assertTrue(Files.size(r.curves()) > 1000);
  }

  @Test
  void shouldTrainEmmaFromAnAbawMtlAnnotationFileWithRatedValenceArousal() throws Exception {
    Path ck = SharedData.require("ckplus/labels.csv").getParent();
    List<String> images =
        Files.readAllLines(ck.resolve("labels.csv")).stream()
            .skip(1)
            .map(l -> l.split(",")[0])
            .filter(p -> p.contains("/happy/") || p.contains("/sadness/"))
            .toList();
    StringBuilder mtl = new StringBuilder("image,valence,arousal,expression");
    mtl.append(",AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26\n");
    for (int i = 0; i < 8; i++) {
      boolean happy = i % 2 == 0;
      String path =
          images.stream()
              .filter(p -> p.contains(happy ? "/happy/" : "/sadness/"))
              .skip(i)
              .findFirst()
              .orElseThrow();
      // Rated VA varies within a class; AUs are -1 (not annotated) on every other line.
      String va = happy ? "0." + (5 + i % 4) + ",0.3" : "-0.4,-0." + (1 + i % 3);
      String aus = i % 4 < 2 ? "0,0,0,1,0,0,1,0,0,0,1,0" : "-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1";
      mtl.append(path)
          .append(',')
          .append(va)
          .append(',')
          .append(happy ? 4 : 5)
          .append(',')
          .append(aus)
          .append('\n');
    }
    Path annotations = Files.writeString(dir.resolve("mtl_train.txt"), mtl.toString());
    String source =
        "{\"format\": \"mtl\", \"path\": \"" + annotations + "\", \"images\": \"" + ck + "\"}";
    String config =
        Files.readString(Path.of("configs/tiny-emma.json"))
            .replaceAll(
                "(?s)\"train\": \\[.*?\\],\\s*\"val\": \\[.*?\\]",
                "\"train\": [" + source + "], \"val\": [" + source + "]");
    Path cfg = Files.writeString(dir.resolve("mtl-emma.json"), config);
    TrainResult r =
        train("train", "emma", "--config", cfg.toString(), "--out", dir.resolve("mtl").toString());
    assertEquals(2, r.endStep()); // 8 faces, batch 4, one epoch
    assertTrue(Double.isFinite(r.validation().get("ccc_v")), r.validation().toString());
    assertTrue(Double.isFinite(r.validation().get("p_mtl")), r.validation().toString());
  }

  @Test
  void shouldPretrainTinyMaeThenStartCotexFromItsEncoder() throws Exception {
    SharedData.require("ckplus/labels.csv");
    SharedData.require("fer2013/train");
    Path mae = dir.resolve("mae");
    TrainResult m =
        train(
            "train",
            "mae",
            "--config",
            "configs/tiny-mae.json",
            "--out",
            mae.toString(),
            "--limit",
            "2");
    assertTrue(m.validation().get("val_loss") > 0, m.validation().toString());
    Path cfg = dir.resolve("cotex.json");
    String text =
        Files.readString(Path.of("configs/tiny-cotex.json"))
            .replace("../../../shared/data", SharedData.dir().resolve("data").toString())
            .replace("\"lambda\": 1.0", "\"lambda\": 1.0, \"encoderCheckpoint\": \"" + mae + "\"");
    Files.writeString(cfg, text);
    TrainResult c =
        train(
            "train",
            "cotex",
            "--config",
            cfg.toString(),
            "--out",
            dir.resolve("cotex").toString(),
            "--limit",
            "2");
    assertEquals(2, c.endStep());
    assertTrue(c.validation().containsKey("expr_acc"), c.validation().toString());
  }

  private static void export(String kind, Path checkpoint, Path out, String... extra) {
    CommandLine cl = TrainCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    String[] base = {
      "export", "--kind", kind, "--checkpoint", checkpoint.toString(), "--out", out.toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    assertEquals(0, cl.execute(args), err.toString());
  }

  private static float[][] scores(Path model, float[] faces) {
    try (io.affectanalyzer.train.eval.OnnxRunner runner =
        io.affectanalyzer.train.eval.OnnxRunner.open(model, 1)) {
      return runner
          .run(io.affectanalyzer.runtime.model.ModelContract.INPUT, faces, 4, 3, 48, 48)
          .get(io.affectanalyzer.runtime.model.ModelContract.EXPR);
    }
  }

  /** A DAN run of two batches, from the shipped tiny config. */
  private Path tinyDan() {
    SharedData.require("ckplus/labels.csv");
    SharedData.require("fer2013/train");
    Path dan = dir.resolve("dan");
    train(
        "train",
        "dan",
        "--config",
        "configs/tiny-dan.json",
        "--out",
        dan.toString(),
        "--limit",
        "2");
    return dan;
  }

  /** A shipped tiny config with its data paths pointing at ../shared. */
  private static String tinyConfig(String name) throws java.io.IOException {
    return Files.readString(Path.of("configs", name))
        .replace("../../../shared/data", SharedData.dir().resolve("data").toString());
  }

  @Test
  void shouldDistilATrainedDanIntoBothCotexViewsAndRefuseATeacherWithoutAWeight() throws Exception {
    Path dan = tinyDan();
    String base = tinyConfig("tiny-cotex.json");
    Path cfg = dir.resolve("cotex.json");
    Files.writeString(
        cfg,
        base.replace(
            "\"lambda\": 1.0",
            "\"lambda\": 1.0, \"distill\": 1.0, \"teacherCheckpoint\": \"" + dan + "\""));
    Path run = dir.resolve("cotex");
    TrainResult c =
        train(
            "train", "cotex", "--config", cfg.toString(), "--out", run.toString(), "--limit", "2");
    assertEquals(2, c.endStep());
    // the KL terms of both views against the teacher are logged, and they are not zero
    String metrics = Files.readString(run.resolve("metrics.jsonl"));
    double kl =
        Double.parseDouble(metrics.replaceAll("(?s).*\"train_distill\":([-0-9.Ee]+).*", "$1"));
    assertTrue(kl > 0 && Double.isFinite(kl), metrics);

    // Exported with its teacher's expressions, CoTEX's output is the mean of its own and the DAN's
    // (the teacher found through the config the checkpoint records).
    Path plain = dir.resolve("cotex.onnx");
    Path teacher = dir.resolve("dan.onnx");
    Path fused = dir.resolve("cotex-dan.onnx");
    export("cotex", run, plain);
    export("dan", dan, teacher);
    export("cotex", run, fused, "--expr-with-dan");
    float[] faces = new float[4 * 3 * 48 * 48];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < faces.length; i++) {
      faces[i] = (float) random.nextGaussian();
    }
    float[][] a = scores(plain, faces);
    float[][] b = scores(teacher, faces);
    float[][] f = scores(fused, faces);
    float apart = 0;
    for (int n = 0; n < 4; n++) {
      for (int k = 0; k < 8; k++) {
        assertEquals((a[n][k] + b[n][k]) / 2, f[n][k], 1e-4f, "face " + n + " class " + k);
        apart = Math.max(apart, Math.abs(a[n][k] - f[n][k]));
      }
    }
    assertTrue(apart > 1e-4f, "the teacher changed nothing: the test would say nothing");

    Files.writeString(
        cfg,
        base.replace("\"lambda\": 1.0", "\"lambda\": 1.0, \"teacherCheckpoint\": \"" + dan + "\""));
    String err = refusal("cotex", cfg);
    assertTrue(err.contains("'distill' > 0"), err);
  }

  @Test
  void shouldStartAHybridVitsTrunkFromATrainedDanAndRefuseItForAPlainVit() throws Exception {
    Path dan = tinyDan();
    String base =
        tinyConfig("tiny-emma.json")
            .replace(
                "\"dan\": \"dan-micro-48\"",
                "\"dan\": \"dan-micro-48\", \"trunkCheckpoint\": \"" + dan + "\"");
    Path cfg = dir.resolve("emma.json");
    Files.writeString(cfg, base.replace("\"vit-micro-p8-48\"", "\"vith-micro-p8-48\""));
    Path run = dir.resolve("emma");
    TrainResult r =
        train("train", "emma", "--config", cfg.toString(), "--out", run.toString(), "--limit", "2");
    assertEquals(2, r.endStep());
    // two steps at the embedding's decayed rate leave the trunk next to the DAN's, which a fresh
    // init would not be
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, Parameter> trained = ParameterNames.of(Pretrained.load(run, "emma", manager));
      Map<String, Parameter> teacher = ParameterNames.of(Pretrained.load(dan, "dan", manager));
      for (String name : List.of("stem.conv.weight", "layer3.1.conv2.conv.weight")) {
        NDArray mine = trained.get("vit.patchEmbed.trunk." + name).getArray();
        NDArray its = teacher.get("trunk." + name).getArray();
        float scale = its.abs().max().getFloat();
        float diff = mine.sub(its).abs().max().getFloat();
        assertTrue(diff < 0.05f * scale, name + ": " + diff + " against weights up to " + scale);
      }
      assertFalse(trained.containsKey("vit.patchEmbed.trunk.layer4.0.conv1.conv.weight"));
    }

    Files.writeString(cfg, base);
    String err = refusal("emma", cfg);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("vith-"), err);
  }
}
