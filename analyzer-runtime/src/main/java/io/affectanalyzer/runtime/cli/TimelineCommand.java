package io.affectanalyzer.runtime.cli;

import io.affectanalyzer.runtime.report.Timeline;
import io.affectanalyzer.runtime.report.TimelinePlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code analyzer timeline}: one face's expression probabilities and VA over time, as a PNG. */
@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "Plots one face's expression probabilities and valence/arousal over time from the JSON"
          + " Lines that 'analyzer run' wrote, and prints how the expression label changed.",
      "Example: analyzer timeline out.jsonl --out timeline.png"
    })
public final class TimelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RESULTS", description = "JSON Lines written by 'analyzer run'.")
  Path results;

  @Option(
      names = {"-o", "--out"},
      required = true,
      description = "PNG to write.")
  Path out;

  @Option(names = "--stream", description = "Input to plot in a multi-input run (default: first).")
  String stream;

  @Option(
      names = "--track",
      description = "Track id of the face to plot (default: per frame the largest face).")
  Integer track;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Timeline t = Timeline.read(results, stream, track);
      if (t.seconds().isEmpty()) {
        err.println(
            "error: no scored face in "
                + results
                + " (was it written with an affect model, and is --track right?)");
        return ExitCodes.BAD_INPUT;
      }
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      String title = stream != null ? stream : results.getFileName().toString();
      TimelinePlot.write(t, title, out);
      Map<String, Integer> counts = t.labelCounts();
      String labels =
          counts.entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "));
      spec.commandLine()
          .getOut()
          .printf(
              "timeline: %d of %d frames scored; labels: %s; %d label changes; wrote %s%n",
              t.seconds().size(), t.frames(), labels, t.labelChanges(), out);
      return ExitCodes.OK;
    } catch (NoSuchFileException e) {
      err.println("error: no such file: " + e.getFile());
      return ExitCodes.BAD_INPUT;
    } catch (Timeline.FormatException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot read or write: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }
}
