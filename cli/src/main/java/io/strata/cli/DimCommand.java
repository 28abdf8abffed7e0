package io.strata.cli;

import io.strata.dimensions.load.DimensionLoader;
import io.strata.layers.config.PipelineLoader;
import io.strata.layers.config.PipelineValidator;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code strata dim ...}: work with the dimension tables of a pipeline. */
@Command(
    name = "dim",
    description = "Work with dimension tables (HBase, JDBC).",
    subcommands = {DimCommand.Load.class})
final class DimCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "load",
      description =
          "Write the rows of a CSV (with a header line) or JSON Lines file into a dimension's store: HBase puts or JDBC upserts, creating the table if missing.")
  static final class Load implements Callable<Integer> {
    @Parameters(index = "0", description = "pipeline file (HOCON)")
    Path file;

    @Parameters(index = "1", description = "dimension name, as under dimensions { ... }")
    String dimension;

    @Parameters(index = "2", description = "rows: .csv or .jsonl")
    Path rows;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(rows)) {
        throw new IllegalArgumentException("no such file: " + rows);
      }
      // The pipeline's structure and references must be valid; its SQL need not be (a dimension is
      // usually loaded before the pipeline that joins it runs).
      Problems problems = new Problems();
      PipelineDef def = PipelineLoader.load(file, problems);
      if (def != null) {
        PipelineValidator.validate(LayerGraph.of(def), problems);
      }
      problems.throwIfAny();
      long start = System.nanoTime();
      DimensionLoader.Result r = DimensionLoader.load(def, dimension, rows);
      System.out.printf(
          "%s: loaded %d rows into %s (dimension %s) in %d ms%n",
          rows, r.rows(), r.target(), dimension, (System.nanoTime() - start) / 1_000_000);
      return 0;
    }
  }
}
