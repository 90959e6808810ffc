package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.ImageSource;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where {@code --annotate} puts each input's annotated copy, checked before the run starts so that
 * a wrong target is one error line, not a failure halfway:
 *
 * <ul>
 *   <li>{@code --annotate FILE}: one input; a video into FILE (.mp4, .mov or .mkv), one image into
 *       FILE (.png, .jpg or .jpeg). FILE's folder must exist (a mistyped folder is an error).
 *   <li>{@code --annotate DIR/} (or an existing folder): any inputs; {@code NAME-annotated.mp4} per
 *       video, webcam or stream, {@code NAME-annotated.jpg} or {@code .png} per image (also each
 *       image of a folder). DIR is created when missing.
 * </ul>
 */
final class AnnotationTargets {
  private static final List<String> VIDEO_EXTENSIONS = List.of(".mp4", ".mov", ".mkv");
  private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  /** Frames per second for a live input that does not say. */
  static final double UNKNOWN_RATE = 25;

  private AnnotationTargets() {}

  /**
   * One sink per input, keyed by the input's name; says on {@code err} where each copy goes.
   *
   * @param sources the inputs, started (their frame rates are known)
   * @throws IllegalArgumentException a target that cannot work, with the message for the user
   */
  static Map<String, AnnotationSink> open(
      String annotate, List<FrameSource> sources, PrintStream err) {
    Path target = Path.of(annotate);
    boolean toFolder =
        annotate.endsWith("/") || annotate.endsWith(File.separator) || Files.isDirectory(target);
    if (toFolder) {
      createFolder(target);
    } else {
      checkFile(target, sources);
    }
    AnnotatedVideoWriter.Codec codec = null;
    Map<String, AnnotationSink> sinks = new LinkedHashMap<>();
    Map<Path, String> claimed = new HashMap<>();
    for (FrameSource source : sources) {
      String name = source.name();
      if (sinks.containsKey(name)) {
        throw new IllegalArgumentException(
            "--annotate: " + name + " is given twice; its annotated copies would collide");
      }
      if (source instanceof ImageSource && Files.isDirectory(Path.of(name))) {
        sinks.put(name, AnnotatedImageFiles.toFolder(target));
        err.println(
            "analyzer: annotating " + name + " into " + target + " (NAME-annotated per image)");
        continue;
      }
      boolean image = source instanceof ImageSource;
      Path file =
          toFolder
              ? target.resolve(
                  image
                      ? AnnotatedImageFiles.annotatedName(Path.of(name).getFileName().toString())
                      : stem(name) + "-annotated.mp4")
              : target;
      String other = claimed.putIfAbsent(file.toAbsolutePath().normalize(), name);
      if (other != null) {
        throw new IllegalArgumentException(
            "--annotate: " + other + " and " + name + " would both be annotated into " + file);
      }
      refuseOverwritingInput(file, name);
      if (image) {
        sinks.put(name, AnnotatedImageFiles.toFile(file));
        err.println("analyzer: annotating " + name + " into " + file);
        continue;
      }
      if (codec == null) {
        codec = AnnotatedVideoWriter.Codec.best();
      }
      double fps = source.frameRate() > 0 && source.frameRate() <= 1000 ? source.frameRate() : 0;
      sinks.put(name, new AnnotatedVideoWriter(file, fps > 0 ? fps : UNKNOWN_RATE, codec));
      err.println(
          "analyzer: annotating "
              + name
              + " into "
              + file
              + ": "
              + codec
              + ", "
              + (fps > 0
                  ? rate(fps) + " fps as the input"
                  : rate(UNKNOWN_RATE) + " fps (the input does not say)"));
    }
    return sinks;
  }

  /** "30", "23.976". */
  private static String rate(double fps) {
    return String.format(Locale.ROOT, "%.3f", fps).replaceAll("\\.?0+$", "");
  }

  private static void createFolder(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new IllegalArgumentException(
          "--annotate: cannot create folder "
              + dir
              + " ("
              + (e.getReason() != null ? e.getReason() : "a file is in the way: " + e.getFile())
              + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--annotate: cannot create folder " + dir + " (" + e.getMessage() + ")");
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException(
          "--annotate: cannot write into folder " + dir + " (permission denied)");
    }
  }

  private static void checkFile(Path file, List<FrameSource> sources) {
    if (sources.size() != 1) {
      throw new IllegalArgumentException(
          "--annotate FILE takes one input; for "
              + sources.size()
              + " inputs give a folder: --annotate DIR/");
    }
    FrameSource source = sources.get(0);
    boolean image = source instanceof ImageSource;
    if (image && Files.isDirectory(Path.of(source.name()))) {
      throw new IllegalArgumentException(
          "--annotate: an image folder is annotated into a folder (--annotate DIR/), not into "
              + file);
    }
    List<String> allowed = image ? IMAGE_EXTENSIONS : VIDEO_EXTENSIONS;
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (allowed.stream().noneMatch(lower::endsWith)) {
      throw new IllegalArgumentException(
          "--annotate: the annotated copy of "
              + (image ? "an image" : "a video")
              + " must end in "
              + String.join(", ", allowed)
              + ": "
              + file);
    }
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--annotate: no such folder: " + folder);
    }
    if (!Files.isWritable(folder)) {
      throw new IllegalArgumentException(
          "--annotate: cannot write into folder " + folder + " (permission denied)");
    }
  }

  private static void refuseOverwritingInput(Path file, String input) {
    if (Files.exists(file) && sameFile(file, input)) {
      throw new IllegalArgumentException(
          "--annotate: " + file + " is the input itself; name another file");
    }
  }

  private static boolean sameFile(Path file, String input) {
    try {
      return Files.isSameFile(file, Path.of(input));
    } catch (IOException | InvalidPathException noFile) {
      return false; // a stream or a webcam is no file to overwrite
    }
  }

  /**
   * The input's name as a file name without folders or extension: "clip" for dir/clip.mp4, "live"
   * for rtsp://cam.local/live, "video0" for /dev/video0.
   */
  static String stem(String input) {
    boolean url = input.contains("://");
    String s = url && input.indexOf('?') > 0 ? input.substring(0, input.indexOf('?')) : input;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    s = s.substring(s.lastIndexOf('/') + 1);
    int dot = s.lastIndexOf('.');
    if (!url && dot > 0) {
      s = s.substring(0, dot);
    }
    s = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() ? "input" : s;
  }
}
