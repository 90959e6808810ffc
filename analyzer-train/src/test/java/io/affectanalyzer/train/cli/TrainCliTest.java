package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.optim.LrSchedule;
import io.affectanalyzer.train.trainer.Checkpoint;
import io.affectanalyzer.train.trainer.TrainConfig;
import io.affectanalyzer.train.trainer.TrainResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCliTest {
  @TempDir Path dir;

  /** Runs the real command line; returns the exit code and keeps stderr in {@code err}. */
  private record Run(int code, String err, TrainResult result) {}

  private static Run train(String... args) {
    CommandLine cl = TrainCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    TrainCommand cmd = cl.getSubcommands().get("train").getCommand();
    return new Run(code, err.toString(), cmd.result());
  }

  @Test
  void shouldTrainTwoBatchesWriteCheckpointMetricsAndCurvesThenResumeFromTheSavedStep()
      throws Exception {
    SharedData.require("ckplus/labels.csv");
    SharedData.require("fer2013/train");
    Path out = dir.resolve("run");
    Run first = train(tinyVit(out));
    assertEquals(0, first.code(), first.err());
    TrainResult r = first.result();
    assertEquals(0, r.startStep());
    assertEquals(2, r.endStep());
    assertTrue(
        Double.isFinite(r.lastTrainLoss()) && r.lastTrainLoss() > 0, "loss " + r.lastTrainLoss());
    assertTrue(r.validation().containsKey("expr_f1"), r.validation().toString());
    assertTrue(Files.size(r.checkpoint().resolve(Checkpoint.MODEL)) > 100_000);
    assertEquals(2, Checkpoint.readState(r.checkpoint()).step());
    assertEquals(2, Files.readAllLines(r.metricsCsv()).size()); // header + epoch 1
    byte[] png = Files.readAllBytes(r.curves());
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);

    // Without --resume an existing run folder is refused, with one line and exit code 2.
    Run refused = train(tinyVit(out));
    assertEquals(2, refused.code());
    assertTrue(refused.err().contains("--resume"), refused.err());
    assertEquals(1, refused.err().strip().lines().count());

    Run resumed = train(tinyVit(out, "--resume", "--epochs", "2"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(2, resumed.result().startEpoch());
    assertEquals(2, resumed.result().startStep());
    assertEquals(4, resumed.result().endStep());
    List<String> csv = Files.readAllLines(resumed.result().metricsCsv());
    assertEquals(3, csv.size());
    assertTrue(csv.get(2).startsWith("2,4,"), csv.get(2));
    assertTrue(Files.isDirectory(out.resolve("checkpoints/epoch-002")));

    // A checkpoint kept without its optimizer state (as analyzer-train/components/ keeps them)
    // continues at its step, with AdamW's moments started anew.
    Files.delete(out.resolve("checkpoints/epoch-002").resolve(Checkpoint.OPTIMIZER));
    Run weightsOnly = train(tinyVit(out, "--resume", "--epochs", "3"));
    assertEquals(0, weightsOnly.code(), weightsOnly.err());
    assertEquals(4, weightsOnly.result().startStep());
    assertEquals(6, weightsOnly.result().endStep());
    assertTrue(Double.isFinite(weightsOnly.result().lastTrainLoss()));
    assertTrue(Files.exists(out.resolve("checkpoints/epoch-003").resolve(Checkpoint.OPTIMIZER)));

    // Continued on twice the batches an epoch, the cosine still ends at the last epoch: its length
    // is the 6 steps taken plus 4 more, not 4 epochs of 4.
    Run larger =
        train(
            "train",
            "vit",
            "--config",
            "configs/tiny-vit.json",
            "--out",
            out.toString(),
            "--limit",
            "4",
            "--resume",
            "--epochs",
            "4");
    assertEquals(0, larger.code(), larger.err());
    assertEquals(10, larger.result().endStep());
    TrainConfig tiny = TrainConfig.read(Path.of("configs/tiny-vit.json"));
    LrSchedule expected = new LrSchedule(tiny.optim().scaledLr(tiny.batchSize()), 1e-6, 2, 10);
    List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
    double lastLr = Double.parseDouble(rows.get(rows.size() - 1).split(",")[2]);
    assertEquals(expected.lrAt(9), lastLr, 1e-9);
  }

  @Test
  void shouldMirrorEachEpochAndResumeFromTheMirrorWhenTheRunFolderIsGone() throws Exception {
    SharedData.require("ckplus/labels.csv");
    SharedData.require("fer2013/train");
    Path out = dir.resolve("runs/vit-mirrored");
    Path mirror = dir.resolve("outside");
    // A 3-epoch schedule stopped after its first epoch.
    Run first =
        train(tinyVit(out, "--mirror", mirror.toString(), "--epochs", "3", "--stop-after", "1"));
    assertEquals(0, first.code(), first.err());
    assertEquals(1, first.result().endEpoch());
    assertFalse(Files.exists(out.resolve("checkpoints/epoch-002")));
    Path copied = mirror.resolve("vit-mirrored/checkpoints/epoch-001");
    assertEquals(
        Files.size(out.resolve("checkpoints/epoch-001").resolve(Checkpoint.MODEL)),
        Files.size(copied.resolve(Checkpoint.MODEL)));
    assertEquals(
        Files.readAllLines(out.resolve("metrics.csv")),
        Files.readAllLines(mirror.resolve("vit-mirrored/metrics.csv")));

    // A fresh checkout has no runs/: --resume starts from the mirror's epoch 1.
    try (var files = Files.walk(out)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Run resumed = train(tinyVit(out, "--mirror", mirror.toString(), "--epochs", "3", "--resume"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(2, resumed.result().startEpoch());
    assertEquals(2, resumed.result().startStep());
    assertEquals(6, resumed.result().endStep());
    assertTrue(Files.isDirectory(mirror.resolve("vit-mirrored/checkpoints/epoch-003")));
    assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size()); // header + 3 epochs
  }

  /**
   * {@code train vit} on the tiny config into {@code out}, two batches an epoch, then {@code more}.
   */
  private static String[] tinyVit(Path out, String... more) {
    String[] head = {
      "train", "vit", "--config", "configs/tiny-vit.json", "--out", out.toString(), "--limit", "2"
    };
    String[] all = java.util.Arrays.copyOf(head, head.length + more.length);
    System.arraycopy(more, 0, all, head.length, more.length);
    return all;
  }

  @Test
  void shouldRefuseAKindThatDoesNotMatchTheConfig() {
    Run r = train("train", "mae", "--config", "configs/tiny-vit.json", "--out", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: configs/tiny-vit.json: is a config for 'vit'"), r.err());
  }

  @Test
  void shouldReportAMalformedConfigWithFileAndLine() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n  \"kind\": \"vit\",\n  \"epochs\": \"many\"\n}\n");
    Run r = train("train", "vit", "--config", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: " + bad + ":3:"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Run missing = train("train", "vit", "--config", dir.resolve("none.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such config file"), missing.err());
  }

  @Test
  void shouldExplainTrainInHelp() {
    CommandLine cl = TrainCli.commandLine();
    String usage = cl.getSubcommands().get("train").getUsageMessage();
    assertTrue(usage.contains("--resume") && usage.contains("--limit") && usage.contains("emma"));
    assertFalse(usage.isBlank());
  }
}
