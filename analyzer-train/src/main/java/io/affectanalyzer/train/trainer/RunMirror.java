package io.affectanalyzer.train.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A copy of a run folder somewhere that outlives the work tree (a fresh checkout has no {@code
 * runs/}): every epoch's checkpoint and the metrics files are copied there as they are written, and
 * a resumed run whose own folder is missing or behind starts from the copy.
 */
final class RunMirror {
  private static final List<String> LOGS =
      List.of("metrics.csv", "metrics.jsonl", "steps.csv", "curves.png");

  private final Path runDir;
  private final Path copy;

  /** Mirrors {@code runDir} into {@code root/<run folder name>}. */
  RunMirror(Path root, Path runDir) {
    this.runDir = runDir;
    this.copy = root.resolve(runDir.toAbsolutePath().normalize().getFileName());
  }

  Path folder() {
    return copy;
  }

  /**
   * When the copy holds a later epoch than the run folder, puts the copy's checkpoints and logs
   * into the run folder; true when it did.
   */
  boolean restoreIfAhead() {
    int mirrored = epoch(Checkpoint.latest(copy));
    if (mirrored <= epoch(Checkpoint.latest(runDir))) {
      return false;
    }
    try (Stream<Path> s = Files.list(copy.resolve("checkpoints"))) {
      for (Path c : s.filter(p -> p.getFileName().toString().matches("epoch-\\d+")).toList()) {
        copyCheckpoint(c, runDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore " + runDir + " from " + copy, e);
    }
    copyLogs(copy, runDir);
    return true;
  }

  /** After each epoch: its checkpoint and the logs so far. */
  void save(Path checkpoint) {
    copyCheckpoint(checkpoint, copy);
    copyLogs(runDir, copy);
  }

  private static int epoch(Optional<Path> checkpoint) {
    return checkpoint
        .map(p -> Integer.parseInt(p.getFileName().toString().substring("epoch-".length())))
        .orElse(0);
  }

  /** Written beside as {@code .tmp}, then renamed: a copy cut short is never taken as complete. */
  private static void copyCheckpoint(Path checkpoint, Path toRunDir) {
    Path dir = toRunDir.resolve("checkpoints").resolve(checkpoint.getFileName());
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    try {
      Checkpoint.deleteTree(tmp);
      Files.createDirectories(tmp);
      try (Stream<Path> files = Files.list(checkpoint)) {
        for (Path f : files.toList()) {
          Files.copy(f, tmp.resolve(f.getFileName()));
        }
      }
      Checkpoint.deleteTree(dir);
      Files.move(tmp, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy checkpoint " + checkpoint + " to " + dir, e);
    }
  }

  private static void copyLogs(Path from, Path to) {
    try {
      Files.createDirectories(to);
      for (String name : LOGS) {
        if (Files.isRegularFile(from.resolve(name))) {
          Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the logs of " + from + " to " + to, e);
    }
  }
}
