package io.affectanalyzer.runtime.output;

import io.affectanalyzer.runtime.model.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The output formats, and which one a file name asks for. */
public enum OutputFormat {
  JSONL,
  CSV;

  /** The format a file's extension names: {@code .csv} is CSV, anything else JSON Lines. */
  public static OutputFormat forPath(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
  }

  /** A writer to {@code out}; {@code spec} is null when no affect model is loaded. */
  public ResultWriter open(OutputStream out, ModelSpec spec) throws IOException {
    return open(out, spec, false);
  }

  /**
   * A writer to {@code out}; {@code smoothed}: scores are smoothed over each track, so CSV gets the
   * raw scores' columns too (JSON Lines writes raw fields wherever a face has them).
   */
  public ResultWriter open(OutputStream out, ModelSpec spec, boolean smoothed) throws IOException {
    return this == CSV
        ? new CsvResultWriter(out, spec, smoothed && spec != null)
        : new JsonlResultWriter(out, spec);
  }

  public ResultWriter open(Path path, ModelSpec spec) throws IOException {
    return open(path, spec, false);
  }

  public ResultWriter open(Path path, ModelSpec spec, boolean smoothed) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return open(Files.newOutputStream(path), spec, smoothed);
  }
}
