package io.affectanalyzer.runtime.source;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image file, or a folder of them sorted by file name; each image is one frame. Greyscale and
 * RGBA images come out as 3-channel BGR. In a folder an image that does not decode is skipped,
 * logged and listed in {@link #skipped()}; a single unreadable file fails.
 */
public final class ImageSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(ImageSource.class);
  private static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

  /** An image of a folder that was left out, and why. */
  public record Skipped(Path file, String reason) {}

  private final Path path;
  private final String name;
  private final List<Skipped> skipped = new ArrayList<>();
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private List<Path> files;
  private int next;
  private Mat current;
  private String currentFile;
  private long delivered;

  public ImageSource(Path path) {
    this(path, path.toString());
  }

  public ImageSource(Path path, String name) {
    this.path = path;
    this.name = name;
  }

  /** True for a file name with an image extension this source reads. */
  public static boolean isImageFile(Path file) {
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean live() {
    return false;
  }

  /** The files of a folder are unrelated pictures: each gets a full detection. */
  @Override
  public boolean continuous() {
    return false;
  }

  /** The number of image files found; skipped ones included. */
  @Override
  public long frameCountHint() {
    return files == null ? -1 : files.size();
  }

  @Override
  public void start() throws SourceException {
    if (files != null) {
      throw new IllegalStateException("already started: " + name);
    }
    if (!Files.exists(path)) {
      throw new SourceException("no such file or folder: " + path);
    }
    if (Files.isDirectory(path)) {
      files = listImages(path);
      if (files.isEmpty()) {
        throw new SourceException("no image (jpg, jpeg, png, bmp, webp, tif) in folder: " + path);
      }
    } else {
      if (!isImageFile(path)) {
        throw new SourceException("not an image file (jpg, jpeg, png, bmp, webp, tif): " + path);
      }
      files = List.of(path);
    }
  }

  private static List<Path> listImages(Path dir) throws SourceException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> Files.isRegularFile(p) && isImageFile(p))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new SourceException("cannot list folder " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public Frame grab() throws SourceException {
    if (files == null) {
      throw new IllegalStateException("not started: " + name);
    }
    releaseCurrent();
    while (next < files.size()) {
      Path file = files.get(next++);
      Mat mat = imread(file.toString(), IMREAD_COLOR);
      if (mat != null && !mat.empty()) {
        current = mat;
        currentFile = file.getFileName().toString();
        delivered++;
        return converter.convert(mat);
      }
      if (mat != null) {
        mat.close();
      }
      String reason = Files.isReadable(file) ? "OpenCV cannot decode it" : "permission denied";
      if (files.size() == 1) {
        throw new SourceException("not an image OpenCV can read: " + file + " (" + reason + ")");
      }
      LOG.warn("skipping unreadable image {} ({})", file, reason);
      skipped.add(new Skipped(file, reason));
    }
    return null;
  }

  /** Images are stills: every frame is at time 0. */
  @Override
  public long timestampMillis() {
    return 0;
  }

  /** Null when every image decoded; else how many were skipped (see {@link #skipped()}). */
  @Override
  public String endReason() {
    if (files == null || next < files.size() || skipped.isEmpty()) {
      return null;
    }
    return skipped.size() + " of " + files.size() + " images skipped as unreadable";
  }

  /** Images of the folder that did not decode, in order. */
  public List<Skipped> skipped() {
    return Collections.unmodifiableList(skipped);
  }

  /** Frames returned by {@link #grab()} so far. */
  @Override
  public String frameLabel() {
    return currentFile;
  }

  public long delivered() {
    return delivered;
  }

  private void releaseCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() {
    releaseCurrent();
    converter.close();
    if (files != null) {
      next = files.size();
    }
  }
}
