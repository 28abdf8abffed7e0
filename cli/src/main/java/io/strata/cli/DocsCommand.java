package io.strata.cli;

import io.strata.layers.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "docs",
    description =
        "Print the config reference (Markdown), generated from the declared options of every section and connector.")
final class DocsCommand implements Callable<Integer> {
  static final String START = "<!-- config-reference:start -->";
  static final String END = "<!-- config-reference:end -->";

  @Option(
      names = "--update",
      paramLabel = "README",
      description =
          "replace the reference between the config-reference markers of this Markdown file")
  Path update;

  @Override
  public Integer call() throws Exception {
    if (update == null) {
      System.out.print(ConfigReference.markdown());
      return 0;
    }
    Files.writeString(update, withReference(Files.readString(update)));
    System.out.println("updated the config reference in " + update);
    return 0;
  }

  /** The document with its reference section replaced by the current generated reference. */
  static String withReference(String document) {
    int start = document.indexOf(START);
    int end = document.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no " + START + " ... " + END + " markers");
    }
    return document.substring(0, start + START.length())
        + "\n"
        + ConfigReference.markdown()
        + document.substring(end);
  }
}
