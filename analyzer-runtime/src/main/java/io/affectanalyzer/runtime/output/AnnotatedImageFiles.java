package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.frame.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An image input's annotated copies, one file per picture: JPEG where the file name says so, PNG
 * otherwise. Either one named file (one image, {@code --annotate FILE}) or, in a folder, {@code
 * NAME-annotated.jpg} for {@code NAME.jpg} (PNG for PNG and every other format).
 */
final class AnnotatedImageFiles implements AnnotationSink {
  private static final float JPEG_QUALITY = 0.92f;

  private final Path file;
  private final Path folder;
  private long written;
  private Path last;

  private AnnotatedImageFiles(Path file, Path folder) {
    this.file = file;
    this.folder = folder;
  }

  /** Every picture into {@code file} (an input of one image). */
  static AnnotatedImageFiles toFile(Path file) {
    return new AnnotatedImageFiles(file, null);
  }

  /** Each picture into {@code folder}, named after the input's file. */
  static AnnotatedImageFiles toFolder(Path folder) {
    return new AnnotatedImageFiles(null, folder);
  }

  /** True for a name ending in .jpg or .jpeg. */
  static boolean isJpeg(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** "a-annotated.jpg" for "a.jpg" or "a.JPEG"; "a-annotated.png" for "a.png" or "a.webp". */
  static String annotatedName(String imageName) {
    int dot = imageName.lastIndexOf('.');
    String stem = dot > 0 ? imageName.substring(0, dot) : imageName;
    String ext = isJpeg(imageName) ? imageName.substring(dot + 1) : "png";
    return stem + "-annotated." + ext;
  }

  @Override
  public void write(FrameResult frame, Image picture) throws IOException {
    if (picture == null) {
      return; // image inputs are never live, so never dropped
    }
    Path target =
        file != null
            ? file
            : folder.resolve(annotatedName(frame.label() != null ? frame.label() : "image.png"));
    ImageWriter writer =
        ImageIO.getImageWritersByFormatName(isJpeg(target.toString()) ? "jpeg" : "png").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (isJpeg(target.toString())) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
    }
    try (OutputStream out = Files.newOutputStream(target);
        ImageOutputStream images = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(images);
      writer.write(null, new IIOImage(FrameAnnotator.view(picture), null, null), param);
    } finally {
      writer.dispose();
    }
    written++;
    last = target;
  }

  @Override
  public String summary() {
    if (written <= 1) {
      return written == 0 ? "no image" : "1 image into " + last;
    }
    return written + " images into " + folder;
  }

  @Override
  public void close() {
    // each file is complete when written
  }
}
