package io.affectanalyzer.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affectanalyzer.runtime.testing.SharedData;
import java.awt.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourceTest {
  @TempDir Path tmp;

  /** Width and height from the file header, read by the JDK rather than OpenCV. */
  private static Dimension headerSize(Path image) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext(), "the JDK reads " + image);
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new Dimension(reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    }
  }

  @Test
  void shouldGiveThreeChannelFramesOfEachImagesSizeInNameOrderIncludingGreyAndRgba()
      throws Exception {
    // Names chosen so that name order differs from the order the files were copied in.
    Path folder = Files.createDirectory(tmp.resolve("stills"));
    Files.copy(SharedData.require("images/single_face.jpg"), folder.resolve("c_face.jpg"));
    Files.copy(SharedData.require("images/BWPictureHuman.jpg"), folder.resolve("a_grey.jpg"));
    Files.copy(SharedData.require("images/Image_with_alpha.png"), folder.resolve("b_rgba.PNG"));
    Files.writeString(folder.resolve("readme.txt"), "not an image, not listed");
    List<Path> expected =
        List.of(
            folder.resolve("a_grey.jpg"),
            folder.resolve("b_rgba.PNG"),
            folder.resolve("c_face.jpg"));

    List<Dimension> sizes = new ArrayList<>();
    try (ImageSource source = new ImageSource(folder)) {
      source.start();
      assertEquals(3, source.frameCountHint());
      assertFalse(source.live());
      Frame f;
      while ((f = source.grab()) != null) {
        assertEquals(3, f.imageChannels, "BGR, whatever the file had");
        assertEquals(Frame.DEPTH_UBYTE, f.imageDepth);
        assertEquals(0, source.timestampMillis());
        sizes.add(new Dimension(f.imageWidth, f.imageHeight));
        // The frame is the pipeline's to copy: it must survive a packed copy.
        assertEquals(f.imageWidth * f.imageHeight * 3, PixelCopy.toImage(f).bgr().length);
      }
      assertTrue(source.skipped().isEmpty());
      assertNull(source.endReason());
    }
    List<Dimension> headers = new ArrayList<>();
    for (Path p : expected) {
      headers.add(headerSize(p));
    }
    assertEquals(headers, sizes);
  }

  @Test
  void shouldSkipAndRecordAnUnreadableImageInAFolder() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("mixed"));
    Files.copy(SharedData.require("images/single_face.jpg"), folder.resolve("1.jpg"));
    Path broken = folder.resolve("2.jpg");
    Files.writeString(broken, "a text file named .jpg");
    Files.copy(SharedData.require("images/multi_face.jpg"), folder.resolve("3.jpg"));

    try (ImageSource source = new ImageSource(folder)) {
      source.start();
      int frames = 0;
      while (source.grab() != null) {
        frames++;
      }
      assertEquals(2, frames);
      assertEquals(1, source.skipped().size());
      assertEquals(broken, source.skipped().get(0).file());
      assertEquals("1 of 3 images skipped as unreadable", source.endReason());
    }
  }

  @Test
  void shouldFailOnAFolderWithoutImages() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(folder.resolve("notes.txt"), "no pictures here");
    SourceException e = assertThrows(SourceException.class, () -> start(folder));
    VideoFileSourceTest.assertOneLineNaming(e, folder);
    assertTrue(e.getMessage().startsWith("no image"), e.getMessage());
  }

  @Test
  void shouldFailOnASingleUnreadableImage() throws Exception {
    Path broken = tmp.resolve("broken.png");
    Files.writeString(broken, "not a png");
    SourceException e = assertThrows(SourceException.class, () -> start(broken));
    VideoFileSourceTest.assertOneLineNaming(e, broken);
  }

  @Test
  void shouldReadOneImageFileAsOneFrame() throws Exception {
    Path image = SharedData.require("images/multi_face.jpg");
    try (ImageSource source = new ImageSource(image)) {
      source.start();
      Frame f = source.grab();
      assertEquals(headerSize(image), new Dimension(f.imageWidth, f.imageHeight));
      assertNull(source.grab());
    }
  }

  private static void start(Path input) throws SourceException {
    try (ImageSource source = new ImageSource(input)) {
      source.start();
      source.grab();
    }
  }
}
