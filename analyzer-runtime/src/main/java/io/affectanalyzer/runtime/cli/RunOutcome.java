package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.pipeline.Pipeline;
import java.io.PrintStream;
import java.util.List;

/** How a run ended: one {@code error:} line for each thing that went wrong, and the exit code. */
final class RunOutcome {
  private RunOutcome() {}

  static int exitCode(Pipeline pipeline, List<Pipeline.StreamOutcome> outcomes, PrintStream err) {
    int code = ExitCodes.OK;
    for (Pipeline.StreamOutcome o : outcomes) {
      if (o.error() != null) {
        err.println(
            "error: "
                + o.stream()
                + ": "
                + o.error()
                + " ("
                + o.frames()
                + " frames written before it)");
        code = ExitCodes.INPUT_ENDED_EARLY;
      }
    }
    if (pipeline.writeFailure() != null) {
      err.println("error: writing output failed: " + pipeline.writeFailure().getMessage());
      code = ExitCodes.FAILURE;
    }
    if (pipeline.stageFailure() != null) {
      err.println(
          "error: "
              + pipeline.stageFailures()
              + " frame(s) could not be analysed: "
              + pipeline.stageFailure().getMessage());
      code = ExitCodes.FAILURE;
    }
    return code;
  }
}
