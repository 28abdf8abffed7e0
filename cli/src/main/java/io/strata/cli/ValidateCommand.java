package io.strata.cli;

import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    description =
        "Check a pipeline file: syntax, keys, types, references, cycles and SQL. Exits 1 with every problem as file:line.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Override
  public Integer call() {
    LayerGraph graph = Pipelines.load(file);
    var p = graph.pipeline();
    System.out.printf(
        "%s: pipeline '%s' is valid: %d ODS, %d dimension, %d DWD, %d DWS tables, %d tests%n",
        file,
        p.settings().name(),
        p.ods().size(),
        p.dimensions().size(),
        p.dwd().size(),
        p.dws().size(),
        p.tests().size());
    return 0;
  }
}
