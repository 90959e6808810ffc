package io.affectanalyzer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.runtime.testing.TinyModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyzer timeline} over the output of a real {@code analyzer run}. */
class TimelineCommandTest {
  private String stdout;
  private String stderr;

  private int analyzer(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return AnalyzerCli.execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      stdout = out.toString(StandardCharsets.UTF_8);
      stderr = err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldPlotEveryScoredFrameOfARunAndRejectAMalformedLine(@TempDir Path dir) throws Exception {
    Path video = SharedData.require("videos/single_face.mp4");
    Path model = TinyModels.write(dir.resolve("tiny.onnx"), new TinyModels.Spec().size(32));
    Path jsonl = dir.resolve("out.jsonl");
    assertEquals(
        0,
        analyzer(
            "run",
            "--cpu",
            "--no-progress",
            "--input",
            video.toString(),
            "--model",
            model.toString(),
            "--out",
            jsonl.toString()),
        stderr);
    long records = Files.readAllLines(jsonl).size();

    Path png = dir.resolve("timeline.png");
    assertEquals(0, analyzer("timeline", jsonl.toString(), "--out", png.toString()), stderr);
    Matcher m = Pattern.compile("timeline: (\\d+) of (\\d+) frames scored").matcher(stdout);
    assertTrue(m.find(), stdout);
    assertEquals(records, Long.parseLong(m.group(2)));
    assertTrue(Long.parseLong(m.group(1)) >= records * 9 / 10, stdout); // one face throughout
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    assertEquals(840, image.getHeight());

    Files.writeString(jsonl, "not json\n", StandardOpenOption.APPEND);
    assertEquals(2, analyzer("timeline", jsonl.toString(), "--out", png.toString()));
    assertEquals(1, stderr.strip().lines().count(), stderr);
    assertTrue(stderr.startsWith("error: ") && stderr.contains(":" + (records + 1) + ":"), stderr);
    assertFalse(stderr.contains("\tat "), stderr);
  }
}
