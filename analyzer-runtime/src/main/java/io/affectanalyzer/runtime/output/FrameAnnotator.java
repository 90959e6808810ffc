package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.detect.FaceDetection;
import io.affectanalyzer.runtime.frame.Image;
import io.affectanalyzer.runtime.model.AffectScores;
import io.affectanalyzer.runtime.model.ModelContract;
import io.affectanalyzer.runtime.model.ModelSpec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws one frame's results onto its picture with Java2D: for each face its box, landmarks, track
 * id and expression label with its probability, and beside the box a panel with the 8 expression
 * probabilities as bars, the active AUs and valence/arousal as a dot in a square. A face without
 * scores (no model, too small to analyse) gets the box, landmarks and id only; a frame without a
 * face is left as it is. Sizes grow with the picture (a 360-line frame is the unit).
 */
public final class FrameAnnotator {
  /** Bright colours that read on skin and on the dark panel; a track keeps its colour. */
  private static final Color[] TRACK_COLORS = {
    new Color(0x00E5FF),
    new Color(0xFFD400),
    new Color(0xFF4FD8),
    new Color(0x7CFF4F),
    new Color(0xFF8A3D),
    new Color(0x9D8CFF),
    new Color(0x3DFFB8),
    new Color(0xFF5A5A)
  };

  private static final String[] EXPRESSION_SHORT = {
    "neu", "ang", "dis", "fea", "hap", "sad", "sur", "oth"
  };
  private static final Color PANEL = new Color(0, 0, 0, 160);
  private static final Color BAR = new Color(190, 190, 190);
  private static final Color GRID = new Color(130, 130, 130);

  private final float[] auThresholds;

  /**
   * @param spec the loaded model's description (its AU thresholds), or null without a model
   */
  public FrameAnnotator(ModelSpec spec) {
    this.auThresholds = spec != null ? spec.auThresholds() : null;
  }

  /** Draws {@code frame}'s faces onto {@code image}, whose pixels change in place. */
  public void draw(Image image, FrameResult frame) {
    if (frame.faces().isEmpty()) {
      return;
    }
    Graphics2D g = view(image).createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      float unit = Math.max(1f, Math.min(image.width(), image.height()) / 360f);
      Sheet sheet = new Sheet(g, unit, image.width(), image.height());
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10).deriveFont(10f * unit));
      for (FaceResult face : frame.faces()) {
        drawFace(sheet, face);
      }
    } finally {
      g.dispose();
    }
  }

  /** A {@link BufferedImage} over the image's own BGR array: drawing on it changes the image. */
  static BufferedImage view(Image image) {
    int w = image.width();
    int h = image.height();
    DataBufferByte buffer = new DataBufferByte(image.bgr(), w * h * 3);
    WritableRaster raster =
        Raster.createInterleavedRaster(buffer, w, h, w * 3, 3, new int[] {2, 1, 0}, null);
    ComponentColorModel colours =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    return new BufferedImage(colours, raster, false, null);
  }

  /** What one frame is drawn with. */
  private record Sheet(Graphics2D g, float unit, int width, int height) {
    int px(float units) {
      return Math.round(units * unit);
    }
  }

  private void drawFace(Sheet s, FaceResult face) {
    Graphics2D g = s.g();
    FaceDetection d = face.detection();
    Color colour = TRACK_COLORS[Math.floorMod(face.trackId(), TRACK_COLORS.length)];
    g.setColor(colour);
    g.setStroke(new BasicStroke(2f * s.unit()));
    g.draw(new Rectangle2D.Float(d.x(), d.y(), d.width(), d.height()));
    float r = 2.5f * s.unit();
    for (int i = 0; i < FaceDetection.KEYPOINTS; i++) {
      if (!Float.isNaN(d.keypointX(i))) {
        g.fill(new Ellipse2D.Float(d.keypointX(i) - r, d.keypointY(i) - r, 2 * r, 2 * r));
      }
    }
    AffectScores scores = face.scores();
    drawLabel(s, d, colour, label(face));
    if (scores != null && (scores.expr() != null || scores.au() != null || scores.va() != null)) {
      drawPanel(s, d, colour, scores);
    }
  }

  /** "#3", or "#3 happiness 0.82" with an expression head. */
  private static String label(FaceResult face) {
    String id = "#" + face.trackId();
    AffectScores scores = face.scores();
    if (scores == null || scores.expr() == null) {
      return id;
    }
    int best = ModelContract.expressionIndex(scores.expr());
    return String.format(
        Locale.ROOT,
        "%s %s %.2f",
        id,
        ModelContract.EXPRESSION_NAMES.get(best),
        scores.expr()[best]);
  }

  /** The label on a tab of the track's colour above the box (inside it at the frame's top). */
  private static void drawLabel(Sheet s, FaceDetection d, Color colour, String text) {
    Graphics2D g = s.g();
    FontMetrics fm = g.getFontMetrics();
    int pad = s.px(2);
    int w = fm.stringWidth(text) + 2 * pad;
    int h = fm.getAscent() + fm.getDescent() + pad;
    int x = clamp(Math.round(d.x()), 0, s.width() - w);
    int y = Math.round(d.y()) - h;
    if (y < 0) {
      y = Math.max(0, Math.round(d.y()));
    }
    g.setColor(colour);
    g.fillRect(x, y, w, h);
    g.setColor(Color.BLACK);
    g.drawString(text, x + pad, y + pad / 2 + fm.getAscent());
  }

  /**
   * Beside the box (right, else left, else wherever it fits): 8 bars, the active AUs, and the VA
   * square with valence rightwards and arousal upwards.
   */
  private void drawPanel(Sheet s, FaceDetection d, Color colour, AffectScores scores) {
    Graphics2D g = s.g();
    Font font = g.getFont();
    g.setFont(font.deriveFont(9f * s.unit()));
    FontMetrics fm = g.getFontMetrics();
    int pad = s.px(4);
    int row = fm.getAscent() + fm.getDescent();
    int labelWidth = s.px(24);
    int barMax = s.px(56);
    int width = pad + labelWidth + barMax + pad;
    List<String> auLines = scores.au() != null ? auLines(scores.au(), fm, width - 2 * pad) : null;
    int square = s.px(40);
    int height =
        pad
            + (scores.expr() != null ? EXPRESSION_SHORT.length * row + pad : 0)
            + (auLines != null ? auLines.size() * row + pad : 0)
            + (scores.va() != null ? square + pad : 0);
    int gap = s.px(4);
    int x = Math.round(d.x() + d.width()) + gap;
    if (x + width > s.width()) {
      x = Math.round(d.x()) - gap - width;
      if (x < 0) {
        x = Math.max(0, s.width() - width);
      }
    }
    int y = clamp(Math.round(d.y()), 0, s.height() - height);
    g.setColor(PANEL);
    g.fillRect(x, y, width, height);
    int top = y + pad;
    if (scores.expr() != null) {
      int best = ModelContract.expressionIndex(scores.expr());
      for (int i = 0; i < EXPRESSION_SHORT.length; i++) {
        g.setColor(Color.WHITE);
        g.drawString(EXPRESSION_SHORT[i], x + pad, top + fm.getAscent());
        float p = Math.max(0f, Math.min(1f, scores.expr()[i]));
        g.setColor(i == best ? colour : BAR);
        g.fill(
            new Rectangle2D.Float(
                x + pad + labelWidth, top + row * 0.2f, Math.max(1f, barMax * p), row * 0.6f));
        top += row;
      }
      top += pad;
    }
    if (auLines != null) {
      g.setColor(Color.WHITE);
      for (String line : auLines) {
        g.drawString(line, x + pad, top + fm.getAscent());
        top += row;
      }
      top += pad;
    }
    if (scores.va() != null) {
      drawVa(s, x + pad, top, square, colour, scores.va());
    }
    g.setFont(font);
  }

  /** "AU 6 12 25" wrapped to the panel's width; "AU none" when none is on. */
  private List<String> auLines(float[] au, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("AU");
    boolean any = false;
    for (int i = 0; i < au.length; i++) {
      float threshold = auThresholds != null ? auThresholds[i] : 0.5f;
      if (au[i] < threshold) {
        continue;
      }
      any = true;
      String number = ModelContract.AU_NAMES.get(i).substring(2);
      if (fm.stringWidth(line + " " + number) > width) {
        lines.add(line.toString());
        line = new StringBuilder("  ").append(number);
      } else {
        line.append(' ').append(number);
      }
    }
    lines.add(any ? line.toString() : "AU none");
    return lines;
  }

  private static void drawVa(Sheet s, int x, int y, int side, Color colour, float[] va) {
    Graphics2D g = s.g();
    float half = side / 2f;
    float cx = x + half;
    float cy = y + half;
    g.setStroke(new BasicStroke(Math.max(1f, s.unit())));
    g.setColor(GRID);
    g.draw(new Line2D.Float(x, cy, x + side, cy));
    g.draw(new Line2D.Float(cx, y, cx, y + side));
    g.setColor(Color.WHITE);
    g.draw(new Rectangle2D.Float(x, y, side, side));
    float v = Math.max(-1f, Math.min(1f, va[0]));
    float a = Math.max(-1f, Math.min(1f, va[1]));
    float r = 3f * s.unit();
    g.setColor(colour);
    g.fill(new Ellipse2D.Float(cx + v * half - r, cy - a * half - r, 2 * r, 2 * r));
    FontMetrics fm = g.getFontMetrics();
    int tx = x + side + s.px(4);
    g.setColor(Color.WHITE);
    g.drawString(String.format(Locale.ROOT, "v %+.2f", va[0]), tx, y + fm.getAscent());
    g.drawString(
        String.format(Locale.ROOT, "a %+.2f", va[1]),
        tx,
        y + fm.getAscent() + fm.getAscent() + fm.getDescent());
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(v, Math.max(lo, hi)));
  }
}
