package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.data.Augmentation;
import io.affectanalyzer.train.data.FaceTransform;
import io.affectanalyzer.train.data.ImageDecoder;
import io.affectanalyzer.train.eval.OnnxRunner;
import io.affectanalyzer.train.export.ContractCheck;
import io.affectanalyzer.train.trainer.Checkpoint;
import io.affectanalyzer.train.trainer.Tasks;
import io.affectanalyzer.train.trainer.TrainConfig;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {
  @TempDir static Path dir;
  static Path checkpoint;
  static TrainConfig config;
  static float[] expected;
  static float[] face;

  /** A checkpoint as the trainer writes it: the tiny-vit config's model, moved off its init. */
  @BeforeAll
  static void writeCheckpoint() throws Exception {
    config = TrainConfig.read(Path.of("configs/tiny-vit.json"));
    int s = config.inputSize();
    Path image = SharedData.require("ckplus/CK+48/happy/S010_006_00000013.png");
    face =
        new FaceTransform(s, config.mean(), config.std(), Augmentation.none())
            .evaluate(ImageDecoder.decodeRgb(image));
    checkpoint = dir.resolve("run/checkpoints/epoch-003");
    Files.createDirectories(checkpoint);
    Block model = Tasks.create(config, Path.of("configs")).model();
    try (NDManager manager = NDManager.newBaseManager()) {
      model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
      for (var p : model.getParameters().values()) {
        NDArray a = p.getArray();
        a.set(
            a.add(manager.randomNormal(0f, 0.05f, a.getShape(), DataType.FLOAT32)).toFloatArray());
      }
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(
                  Files.newOutputStream(checkpoint.resolve(Checkpoint.MODEL))))) {
        model.saveParameters(out);
      }
      NDArray x = manager.create(face, new Shape(1, 3, s, s));
      expected =
          model
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow()
              .softmax(1)
              .toFloatArray();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = new ObjectMapper().convertValue(config, Map.class);
    Checkpoint.State state =
        new Checkpoint.State(
            "vit", config.preset(), 3, 120, "2026-12-01T06:00:00Z", asMap, null, null);
    new ObjectMapper().writeValue(checkpoint.resolve(Checkpoint.STATE).toFile(), state);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new ExportCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void shouldExportTheCheckpointSoOnnxRuntimeAgreesWithDjl() throws Exception {
    Path out = dir.resolve("vit.onnx");
    StringWriter err = new StringWriter();
    // A run folder is accepted too: its newest checkpoint is exported.
    assertEquals(
        0,
        run(
            err,
            "--kind",
            "vit",
            "--checkpoint",
            dir.resolve("run").toString(),
            "--out",
            out.toString()),
        err.toString());
    try (OnnxRunner model = OnnxRunner.open(out, 1)) {
      assertEquals(List.of(), ContractCheck.problems(model));
      Map<String, String> meta = model.metadata();
      assertEquals("vit", meta.get(ModelContract.META_MODEL_KIND));
      assertEquals("vit-micro-p8-48", meta.get(ModelContract.META_PRESET));
      assertEquals("0.5,0.5,0.5", meta.get(ModelContract.META_MEAN));
      assertEquals("expr=ckplus+fer2013", meta.get(ModelContract.META_SUPERVISION));
      assertTrue(
          meta.get(ModelContract.META_PROVENANCE).contains("epoch 3"),
          meta.get(ModelContract.META_PROVENANCE));
      assertTrue(meta.get(ModelContract.META_PROVENANCE).contains("date=2026-12-01T06:00:00Z"));
      float[] onnx = model.run(ModelContract.INPUT, face, 1, 3, 48, 48).get(ModelContract.EXPR)[0];
      float diff = 0;
      for (int i = 0; i < onnx.length; i++) {
        diff = Math.max(diff, Math.abs(onnx[i] - expected[i]));
      }
      assertTrue(diff < 1e-4, "max abs diff " + diff);
    }
  }

  @Test
  void shouldExportAnEmmaCheckpointWithItsThreeHeadsAndVaPriorMetadata(@TempDir Path emmaDir)
      throws Exception {
    TrainConfig emmaConfig = TrainConfig.read(Path.of("configs/tiny-emma.json"));
    Path ckpt = emmaDir.resolve("epoch-001");
    Files.createDirectories(ckpt);
    Block emma = Tasks.create(emmaConfig, Path.of("configs")).model();
    NDList djl;
    float[] au;
    float[] expr;
    float[] va;
    try (NDManager manager = NDManager.newBaseManager()) {
      emma.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 48, 48));
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(ckpt.resolve(Checkpoint.MODEL))))) {
        emma.saveParameters(out);
      }
      NDArray x = manager.create(face, new Shape(1, 3, 48, 48));
      djl = emma.forward(new ParameterStore(manager, false), new NDList(x), false);
      expr = djl.get(0).softmax(1).toFloatArray();
      au = ai.djl.nn.Activation.sigmoid(djl.get(1)).toFloatArray();
      va = djl.get(2).toFloatArray();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = new ObjectMapper().convertValue(emmaConfig, Map.class);
    new ObjectMapper()
        .writeValue(
            ckpt.resolve(Checkpoint.STATE).toFile(),
            new Checkpoint.State(
                "emma", emmaConfig.preset(), 1, 10, "2026-12-01T07:00:00Z", asMap, null, null));
    Path out = emmaDir.resolve("emma.onnx");
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        run(err, "--kind", "emma", "--checkpoint", ckpt.toString(), "--out", out.toString()),
        err.toString());
    try (OnnxRunner model = OnnxRunner.open(out, 1)) {
      assertEquals(List.of(), ContractCheck.problems(model));
      Map<String, String> meta = model.metadata();
      assertEquals("au,expr,va", meta.get(ModelContract.META_HEADS));
      assertEquals("category-prior", meta.get(ModelContract.META_VA_SUPERVISION));
      assertEquals(
          "au=ckplus-facs;expr=ckplus+fer2013;va=category-prior",
          meta.get(ModelContract.META_SUPERVISION));
      Map<String, float[][]> onnx = model.run(ModelContract.INPUT, face, 1, 3, 48, 48);
      assertClose(au, onnx.get(ModelContract.AU)[0]);
      assertClose(expr, onnx.get(ModelContract.EXPR)[0]);
      assertClose(va, onnx.get(ModelContract.VA)[0]);
      assertFalse(meta.containsKey(ModelContract.META_AU_THRESHOLDS), meta.toString());
      assertFalse(meta.containsKey(ModelContract.META_EXPR_ENSEMBLE), meta.toString());
    }
    // An ensemble member must be a DAN: the ViT checkpoint is refused in one line.
    StringWriter notDan = new StringWriter();
    assertEquals(
        2,
        run(
            notDan,
            "--kind",
            "emma",
            "--checkpoint",
            ckpt.toString(),
            "--out",
            emmaDir.resolve("emma-ensemble.onnx").toString(),
            "--expr-ensemble",
            checkpoint.toString()));
    assertTrue(notDan.toString().contains("expected 'dan'"), notDan.toString());
    assertEquals(1, notDan.toString().strip().lines().count(), notDan.toString());

    // Thresholds tuned on the CK+ training subjects go into the metadata, one per AU.
    SharedData.require("ckplus/labels.csv");
    Path tuned = emmaDir.resolve("emma-tuned.onnx");
    CommandLine cli = new CommandLine(new ExportCommand());
    StringWriter said = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(said, true));
    String[] args = {
      "--kind",
      "emma",
      "--checkpoint",
      ckpt.toString(),
      "--out",
      tuned.toString(),
      "--tune-au-thresholds",
      "ckplus-train",
      "--data-root",
      SharedData.dir().resolve("data").toString()
    };
    assertEquals(0, cli.execute(args), err.toString());
    assertTrue(
        said.toString().contains("AU thresholds from ckplus-train (510 faces)"), said.toString());
    try (OnnxRunner model = OnnxRunner.open(tuned, 1)) {
      String[] t = model.metadata().get(ModelContract.META_AU_THRESHOLDS).split(",");
      assertEquals(ModelContract.AU_NAMES.size(), t.length);
      for (String v : t) {
        float f = Float.parseFloat(v);
        assertTrue(f >= 0.05f && f <= 0.95f, v);
      }
    }
    // A ViT (like CoTEX) has no AUs to tune.
    String refused =
        refusedVit(emmaDir.resolve("vit.onnx"), "--tune-au-thresholds", "ckplus-train");
    assertTrue(refused.contains("needs an EMMA checkpoint"), refused);
  }

  /** Exports the ViT checkpoint with {@code extra} options, expects exit 2; what it said. */
  private static String refusedVit(Path out, String... extra) {
    StringWriter err = new StringWriter();
    String[] base = {
      "--kind", "vit", "--checkpoint", checkpoint.toString(), "--out", out.toString()
    };
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    assertEquals(2, run(err, args), err.toString());
    return err.toString();
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < actual.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4f, "element " + i);
    }
  }

  @Test
  void shouldTakeTheTrainingClassSharesOutOfTheExpressionOutputWhenAsked() throws Exception {
    Path out = dir.resolve("vit-balanced.onnx");
    StringWriter err = new StringWriter();
    String[] args = {
      "--kind",
      "vit",
      "--checkpoint",
      checkpoint.toString(),
      "--out",
      out.toString(),
      "--prior-correction",
      "1"
    };
    // The hand-written checkpoint records no command, so its config must be named.
    assertEquals(2, run(err, args));
    assertTrue(err.toString().contains("pass --train-config"), err.toString());
    String[] named = Arrays.copyOf(args, args.length + 2);
    named[args.length] = "--train-config";
    named[args.length + 1] = "configs/tiny-vit.json";
    assertEquals(0, run(err, named), err.toString());
    try (OnnxRunner model = OnnxRunner.open(out, 1)) {
      String[] text = model.metadata().get(ModelContract.META_EXPR_BIAS).split(",");
      float[] bias = new float[text.length];
      for (int c = 0; c < bias.length; c++) {
        bias[c] = Float.parseFloat(text[c]);
      }
      List<String> names = ModelContract.EXPRESSION_NAMES;
      // FER2013 + the CK+ training subjects: happiness is the most common class, disgust (436
      // FER2013 faces against 7,215 happy ones, plus CK+'s) the rarest, lifted by about ln 16;
      // "other" (CK+'s few contempt faces) is under 1% and not lifted.
      assertEquals(0f, bias[names.indexOf("happiness")]);
      assertEquals(0f, bias[names.indexOf("other")]);
      float disgust = bias[names.indexOf("disgust")];
      assertTrue(disgust > 2.4f && disgust < 2.8f, "disgust " + disgust);
      for (float b : bias) {
        assertTrue(b >= 0 && b <= disgust, Arrays.toString(bias));
      }
      // The output is the plain model's times exp(offset), renormalised.
      float[] onnx = model.run(ModelContract.INPUT, face, 1, 3, 48, 48).get(ModelContract.EXPR)[0];
      double sum = 0;
      for (int c = 0; c < bias.length; c++) {
        sum += expected[c] * Math.exp(bias[c]);
      }
      for (int c = 0; c < bias.length; c++) {
        assertEquals(expected[c] * Math.exp(bias[c]) / sum, onnx[c], 1e-4, names.get(c));
      }
    }
    // A ViT has no DAN to fuse with.
    String refused = refusedVit(dir.resolve("vit-fused.onnx"), "--expr-with-dan");
    assertTrue(refused.contains("only EMMA and CoTEX have a DAN"), refused);
    String alone =
        refusedVit(dir.resolve("vit-ensemble.onnx"), "--expr-ensemble", checkpoint.toString());
    assertTrue(alone.contains("only EMMA and CoTEX average further DANs'"), alone);
  }

  @Test
  void shouldWriteAboutHalfTheBytesWithFp16Weights() throws Exception {
    Path full = dir.resolve("a.onnx");
    Path half = dir.resolve("b.onnx");
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        run(err, "--kind", "vit", "--checkpoint", checkpoint.toString(), "--out", full.toString()),
        err.toString());
    assertEquals(
        0,
        run(
            err,
            "--kind",
            "vit",
            "--checkpoint",
            checkpoint.toString(),
            "--out",
            half.toString(),
            "--fp16"),
        err.toString());
    double ratio = (double) Files.size(half) / Files.size(full);
    assertTrue(ratio > 0.45 && ratio < 0.6, "fp16/fp32 size ratio " + ratio);
  }

  @Test
  void shouldBeRegisteredWithEvalInTheTrainingTool() {
    var subcommands = TrainCli.commandLine().getSubcommands();
    assertTrue(subcommands.get("export").getCommand() instanceof ExportCommand);
    assertTrue(subcommands.get("eval").getCommand() instanceof EvalCommand);
  }

  @Test
  void shouldRefuseAKindOtherThanTheCheckpointsInOneLine() {
    StringWriter err = new StringWriter();
    Path out = dir.resolve("wrong.onnx");
    assertEquals(
        2,
        run(err, "--kind", "emma", "--checkpoint", checkpoint.toString(), "--out", out.toString()));
    assertTrue(err.toString().contains("holds a vit model, not emma"), err.toString());
    assertEquals(1, err.toString().strip().lines().count());
    assertFalse(Files.exists(out));
  }

  @Test
  void shouldFailInOneLineWithoutACheckpoint() {
    StringWriter err = new StringWriter();
    assertEquals(
        2,
        run(
            err,
            "--kind",
            "dan",
            "--checkpoint",
            dir.resolve("nothing").toString(),
            "--out",
            dir.resolve("x.onnx").toString()));
    assertTrue(err.toString().startsWith("export: "), err.toString());
    assertTrue(err.toString().contains("neither a checkpoint folder"), err.toString());
    assertEquals(1, err.toString().strip().lines().count());
  }
}
