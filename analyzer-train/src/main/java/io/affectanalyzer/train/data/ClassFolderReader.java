package io.affectanalyzer.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder of class folders ({@code root/<class>/*.jpg|png}), e.g. FER2013's {@code train/}
 * or the ABAW4 LSD layout, mapping each folder name through a {@link LabelMap}. An unknown folder
 * is an error, not a silent skip.
 */
public final class ClassFolderReader {
  private ClassFolderReader() {}

  public static List<Sample> read(Path root, LabelMap map) {
    if (!Files.isDirectory(root)) {
      throw DataFormatException.of(root, "not a folder of class folders");
    }
    List<Sample> samples = new ArrayList<>();
    try (Stream<Path> classes = Files.list(root)) {
      for (Path dir : classes.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        int expr =
            map.lookup(name)
                .orElseThrow(
                    () ->
                        DataFormatException.of(
                            dir,
                            "unknown class folder '" + name + "', expected one of " + map.names()));
        try (Stream<Path> files = Files.list(dir)) {
          files
              .filter(ClassFolderReader::isImage)
              .sorted()
              .forEach(p -> samples.add(new Sample(p, AffectLabels.ofExpression(expr))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (samples.isEmpty()) {
      throw DataFormatException.of(root, "no images in its class folders");
    }
    return samples;
  }

  /** A picture by its name: jpg, jpeg, png or bmp. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp");
  }
}
