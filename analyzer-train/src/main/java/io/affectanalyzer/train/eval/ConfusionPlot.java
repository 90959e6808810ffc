package io.affectanalyzer.train.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a confusion matrix as a heat map (row-normalised shade, raw count written in each cell),
 * gold classes down the side, predictions along the top.
 */
public final class ConfusionPlot {
  static final int CELL = 64;
  static final int MARGIN = 110;

  private ConfusionPlot() {}

  public static BufferedImage render(ConfusionMatrix matrix, List<String> names, String title) {
    int n = matrix.classes();
    if (names.size() != n) {
      throw new IllegalArgumentException(names.size() + " names for " + n + " classes");
    }
    int size = MARGIN + n * CELL + 20;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      g.drawString(title, 10, 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      for (int r = 0; r < n; r++) {
        long rowTotal = 0;
        for (long v : matrix.counts()[r]) {
          rowTotal += v;
        }
        int y = MARGIN + r * CELL;
        for (int c = 0; c < n; c++) {
          long count = matrix.counts()[r][c];
          double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
          int x = MARGIN + c * CELL;
          g.setColor(shade(share));
          g.fillRect(x, y, CELL, CELL);
          g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
          String text = Long.toString(count);
          g.drawString(text, x + (CELL - fm.stringWidth(text)) / 2, y + CELL / 2 + 5);
        }
        g.setColor(Color.BLACK);
        g.drawString(names.get(r), 8, y + CELL / 2 + 5);
      }
      // Column names, rotated so long names fit above the grid.
      for (int c = 0; c < n; c++) {
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.translate(MARGIN + c * CELL + CELL / 2 + 4, MARGIN - 6);
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(names.get(c), 0, 0);
        rotated.dispose();
      }
      g.setStroke(new BasicStroke(1));
      g.setColor(Color.GRAY);
      g.drawRect(MARGIN, MARGIN, n * CELL, n * CELL);
    } finally {
      g.dispose();
    }
    return image;
  }

  public static void write(ConfusionMatrix matrix, List<String> names, String title, Path png) {
    try {
      ImageIO.write(render(matrix, names, title), "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }

  /** White (0) to dark blue (1). */
  static Color shade(double share) {
    int r = (int) Math.round(255 - share * (255 - 8));
    int g = (int) Math.round(255 - share * (255 - 48));
    int b = (int) Math.round(255 - share * (255 - 107));
    return new Color(r, g, b);
  }
}
