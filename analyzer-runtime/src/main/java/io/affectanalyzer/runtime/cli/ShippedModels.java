package io.affectanalyzer.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the shipped models are: models/ in the working folder, or beside the jar's module. */
final class ShippedModels {
  private ShippedModels() {}

  static Path defaultModel() {
    for (Path dir : candidates()) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          Path found =
              files
                  .filter(p -> p.getFileName().toString().matches("emma-.*\\.onnx"))
                  .sorted()
                  .findFirst()
                  .orElse(null);
          if (found != null) {
            return found;
          }
        } catch (IOException ignored) {
          // an unreadable folder holds no model for us
        }
      }
    }
    return null;
  }

  private static List<Path> candidates() {
    List<Path> dirs = new ArrayList<>();
    dirs.add(Path.of("models"));
    try {
      Path jar =
          Path.of(ShippedModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // analyzer-runtime/target/analyzer.jar -> the checkout's models/
      Path root = jar.getParent() != null ? jar.getParent().getParent() : null;
      if (root != null && root.getParent() != null) {
        dirs.add(root.getParent().resolve("models"));
      }
    } catch (Exception ignored) {
      // no code source: the working folder is the only place to look
    }
    return dirs;
  }
}
