package io.affectanalyzer.train.trainer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.optim.AdamW;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A checkpoint folder {@code <run>/checkpoints/epoch-NNN/}: {@code model.params} (DJL {@code
 * Block.saveParameters}), {@code optimizer.ndlist} (AdamW moments) and {@code state.json} (kind,
 * preset, epoch, optimiser step, the config). Written to a temporary folder and then renamed, so a
 * crash never leaves a half checkpoint that {@code --resume} would pick.
 */
public final class Checkpoint {
  public static final String MODEL = "model.params";
  public static final String OPTIMIZER = "optimizer.ndlist";
  public static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code state.json} holds. */
  public record State(
      String kind,
      String preset,
      int epoch,
      long step,
      String created,
      Map<String, Object> config,
      String command,
      String commit) {}

  private Checkpoint() {}

  public static Path save(Path runDir, Block model, AdamW optimizer, State state) {
    Path dir = runDir.resolve("checkpoints").resolve(String.format("epoch-%03d", state.epoch()));
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    try {
      Files.createDirectories(tmp);
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(tmp.resolve(MODEL))))) {
        model.saveParameters(out);
      }
      Files.write(tmp.resolve(OPTIMIZER), optimizer.stateForCheckpoint().encode());
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
      deleteTree(dir);
      Files.move(tmp, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  /** The newest complete checkpoint of a run, if any. */
  public static Optional<Path> latest(Path runDir) {
    Path dir = runDir.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("epoch-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static State readState(Path checkpoint) {
    try {
      return JSON.readValue(checkpoint.resolve(STATE).toFile(), State.class);
    } catch (IOException e) {
      throw DataFormatException.of(checkpoint.resolve(STATE), "unreadable checkpoint state");
    }
  }

  /** Loads parameters (and, when {@code optimizer} is given, its moments and step). */
  public static State load(Path checkpoint, Block model, AdamW optimizer, NDManager manager) {
    State state = readState(checkpoint);
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(checkpoint.resolve(MODEL))))) {
      model.loadParameters(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw DataFormatException.of(
          checkpoint.resolve(MODEL), "not parameters of this model (" + e.getMessage() + ")");
    }
    if (optimizer != null && !Files.exists(checkpoint.resolve(OPTIMIZER))) {
      // Committed components keep only the weights (analyzer-train/components/): a run continued
      // from one starts its optimiser's moments anew.
      System.err.println(
          "train: "
              + checkpoint
              + " holds no optimizer state; AdamW's moments start anew at step "
              + state.step());
      optimizer.restoreStepOnly(state.step());
    } else if (optimizer != null) {
      try (NDManager tmp = manager.newSubManager()) {
        NDList moments = NDList.decode(tmp, Files.readAllBytes(checkpoint.resolve(OPTIMIZER)));
        optimizer.restore(moments, state.step());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return state;
  }

  static String now() {
    return Instant.now().toString();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
