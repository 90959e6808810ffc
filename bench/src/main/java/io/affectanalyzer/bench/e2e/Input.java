package io.affectanalyzer.bench.e2e;

import io.affectanalyzer.runtime.source.FrameSource;
import io.affectanalyzer.runtime.source.FrameSources;
import io.affectanalyzer.runtime.source.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One input: a file ({@code path} set, loopable) or any source the runtime opens (a stream URL,
 * {@code path} null); {@code open} gives a fresh source each call.
 */
record Input(String name, Path path, Supplier<FrameSource> open) {

  /** The files of {@code --videos} in name order, then each {@code --input}. */
  static List<Input> all(BenchOptions opt) throws BenchException {
    List<Input> list = new ArrayList<>();
    if (opt.videos != null) {
      if (!Files.isDirectory(opt.videos)) {
        throw new BenchException("no such video folder: " + opt.videos);
      }
      try (var files = Files.list(opt.videos)) {
        for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
          list.add(file(p));
        }
      } catch (IOException e) {
        throw new BenchException("cannot list " + opt.videos + ": " + e.getMessage());
      }
    }
    for (String s : opt.inputs) {
      Path p = Path.of(s);
      if (Files.isRegularFile(p)) {
        list.add(file(p));
      } else if (s.contains("://")) {
        list.add(new Input(s, null, () -> FrameSources.open(s, SourceOptions.defaults())));
      } else {
        throw new BenchException("no such input file: " + s);
      }
    }
    if (list.isEmpty()) {
      throw new BenchException("no inputs: give --videos DIR or --input FILE");
    }
    return list;
  }

  private static Input file(Path p) {
    String name = p.getFileName().toString();
    return new Input(name, p, () -> new BenchSource(p, name, 1, false));
  }

  /** The input called {@code name}, else the first file, else the first input. */
  static Input pick(List<Input> inputs, String name) {
    return inputs.stream()
        .filter(i -> i.name.equals(name))
        .findFirst()
        .orElse(inputs.stream().filter(i -> i.path != null).findFirst().orElse(inputs.get(0)));
  }

  /** {@code loops} times over the file, read as fast as the pipeline takes it. */
  FrameSource looped(int loops) {
    return new BenchSource(path, name, loops, false);
  }
}
