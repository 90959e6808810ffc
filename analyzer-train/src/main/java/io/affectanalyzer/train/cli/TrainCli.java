package io.affectanalyzer.train.cli;

import io.affectanalyzer.train.data.DataFormatException;
import io.affectanalyzer.train.trainer.TrainingDiverged;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The training tool's entry point (main class of {@code analyzer-train.jar}): {@code train}, {@code
 * align-faces}, {@code eval} and {@code export}. A user's mistake prints one line on stderr and
 * exits with 2.
 */
@Command(
    name = "analyzer-train",
    mixinStandardHelpOptions = true,
    description = {
      "Train, evaluate and export the affect models (EMMA, masked CoTEX, MAE, DAN).",
      "Start with:  train --help"
    })
public final class TrainCli implements Runnable {
  /** Exit code of a user's mistake (bad config, missing data, wrong arguments). */
  public static final int USER_ERROR = 2;

  // The eval and export commands come from the export helper's classes when they are built in.
  private static final String[] OPTIONAL_COMMANDS = {
    "io.affectanalyzer.train.cli.EvalCommand", "io.affectanalyzer.train.cli.ExportCommand"
  };

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TrainCli());
    cl.addSubcommand("train", new TrainCommand());
    cl.addSubcommand("align-faces", new AlignFacesCommand());
    for (String name : OPTIONAL_COMMANDS) {
      try {
        Object command = Class.forName(name).getDeclaredConstructor().newInstance();
        cl.addSubcommand(command);
      } catch (ClassNotFoundException e) {
        // not part of this build
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + name, e);
      }
    }
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (isUserError(e)) {
            line.getErr().println("error: " + e.getMessage());
            return USER_ERROR;
          }
          if (e instanceof TrainingDiverged) {
            line.getErr().println("error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    return cl;
  }

  static boolean isUserError(Exception e) {
    return e instanceof DataFormatException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }
}
