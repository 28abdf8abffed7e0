package io.strata.cli;

import io.strata.layers.config.ConfigReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "docs", description = "Print the config reference (Markdown), generated from the declared options of every section and connector.")
final class DocsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(ConfigReference.markdown());
    return 0;
  }
}
