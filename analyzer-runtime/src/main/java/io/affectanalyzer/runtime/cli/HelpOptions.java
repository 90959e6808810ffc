package io.affectanalyzer.runtime.cli;

import picocli.CommandLine.Option;

/** -h and -V in a group of their own, so that the first heading is --input's alone. */
final class HelpOptions {
  @Option(
      names = {"-h", "--help"},
      description = "Show this help message and exit.",
      usageHelp = true)
  boolean help;

  @Option(
      names = {"-V", "--version"},
      description = "Print version information and exit.",
      versionHelp = true)
  boolean version;
}
