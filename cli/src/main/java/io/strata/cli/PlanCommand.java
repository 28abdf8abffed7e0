package io.strata.cli;

import io.strata.lineage.PlanPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "plan", description = "Print the layer graph, the jobs and their boundaries, sinks, and table- and column-level lineage.")
final class PlanCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Override
  public Integer call() {
    System.out.print(PlanPrinter.render(Pipelines.load(file)));
    return 0;
  }
}
