package io.affectanalyzer.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import io.affectanalyzer.train.data.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlignFacesCommandTest {
  @TempDir Path dir;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = TrainCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "align-faces";
    System.arraycopy(args, 0, all, 1, args.length);
    return cl.execute(all);
  }

  @Test
  void shouldAlignTheFacesItFindsAndCopyTheRestSoEveryLabelledPictureStays() throws Exception {
    Path fer = SharedData.require("fer2013/test");
    Path data = dir.resolve("data");
    for (String cls : List.of("happy", "sad")) {
      Files.createDirectories(data.resolve(cls));
      try (Stream<Path> s = Files.list(fer.resolve(cls))) {
        for (Path p : s.sorted().limit(20).toList()) {
          Files.copy(p, data.resolve(cls).resolve(p.getFileName()));
        }
      }
    }
    Path out = dir.resolve("aligned");
    StringWriter stdout = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(stdout, err, "--data", data.toString(), "--out", out.toString(), "--no-progress");
    assertEquals(0, code, err.toString());
    List<String> notFound = Files.readAllLines(out.resolve("not-found.txt"));
    // The runtime's detector, with its second look for faces that fill the picture, finds nearly
    // every FER2013 face (94% of the first 700 of the test split).
    assertTrue(notFound.size() < 8, notFound.size() + " of 40 not found");
    for (String cls : List.of("happy", "sad")) {
      try (Stream<Path> s = Files.list(out.resolve(cls))) {
        assertEquals(20, s.count(), cls + ": every picture is in the copy");
      }
    }
    int changed = 0;
    try (Stream<Path> s = Files.list(data.resolve("happy"))) {
      for (Path original : s.toList()) {
        String name = original.getFileName().toString().replaceFirst("\\.jpg$", ".png");
        BufferedImage a = ImageDecoder.decodeRgb(original);
        BufferedImage b = ImageDecoder.decodeRgb(out.resolve("happy").resolve(name));
        assertEquals(48, b.getWidth());
        assertEquals(48, b.getHeight());
        boolean listed = notFound.contains("happy/" + original.getFileName());
        boolean differs = meanAbsDiff(a, b) > 2;
        assertTrue(!(listed && differs), name + ": a picture with no face is copied as it was");
        changed += differs ? 1 : 0;
      }
    }
    assertTrue(changed >= 10, changed + " of 20 happy faces warped");
    assertTrue(stdout.toString().contains("a face found and aligned in " + (40 - notFound.size())));
  }

  @Test
  void shouldRefuseAMissingFolderWithOneLine() {
    StringWriter err = new StringWriter();
    int code = run(new StringWriter(), err, "--data", dir.resolve("nope").toString(), "--out", "x");
    assertEquals(2, code);
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("not a folder of class folders"), err.toString());
  }

  private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        sum += Math.abs((a.getRGB(x, y) & 0xff) - (b.getRGB(x, y) & 0xff));
      }
    }
    return sum / (48 * 48);
  }
}
