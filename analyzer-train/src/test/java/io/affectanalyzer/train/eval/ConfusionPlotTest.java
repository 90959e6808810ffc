package io.affectanalyzer.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionPlotTest {
  @Test
  void shouldShadeTheHeavyCellDarkerAndWriteAReadablePng(@TempDir Path dir) throws Exception {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 0, 1}, new int[] {0, 0, 0, 0}, 2);
    Path png = dir.resolve("cm.png");
    ConfusionPlot.write(m, List.of("a", "b"), "test", png);
    BufferedImage image = ImageIO.read(Files.newInputStream(png));
    int side = ConfusionPlot.MARGIN + 2 * ConfusionPlot.CELL + 20;
    assertEquals(side, image.getWidth());
    // Cell (0,0) holds the whole row: darkest shade; cell (0,1) is empty: white. Sample corners
    // away from the written count.
    int heavy = image.getRGB(ConfusionPlot.MARGIN + 3, ConfusionPlot.MARGIN + 3) & 0xFFFFFF;
    int empty =
        image.getRGB(ConfusionPlot.MARGIN + ConfusionPlot.CELL + 3, ConfusionPlot.MARGIN + 3)
            & 0xFFFFFF;
    assertEquals(ConfusionPlot.shade(1).getRGB() & 0xFFFFFF, heavy);
    assertEquals(0xFFFFFF, empty);
    assertNotEquals(heavy, empty);
  }
}
