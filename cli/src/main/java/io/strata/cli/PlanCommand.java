package io.strata.cli;

import io.strata.cli.cluster.RestorePlan;
import io.strata.cli.cluster.SavepointMetadata;
import io.strata.cli.cluster.StateInventory;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.PlanPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "plan",
    description =
        "Print the layer graph, the jobs and their boundaries, sinks, and table- and column-level lineage."
            + " With --against, say which state of a savepoint (or of the job of a previous config) the pipeline would restore or drop; exit 4 if any would be dropped.")
final class PlanCommand implements Callable<Integer> {
  /** Exit code when an upgrade would drop state. */
  static final int STATE_WOULD_BE_DROPPED = 4;

  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--against",
      paramLabel = "<savepoint-or-previous-config>",
      description =
          "a savepoint (or retained checkpoint) directory, its _metadata file, or the previous pipeline file")
  String against;

  @Override
  public Integer call() {
    LayerGraph graph = Pipelines.load(file);
    if (against == null) {
      System.out.print(PlanPrinter.render(graph));
      return 0;
    }
    RestorePlan plan = restorePlan(graph, against);
    System.out.print(plan.render());
    return plan.restoresEverything() ? 0 : STATE_WOULD_BE_DROPPED;
  }

  /** Against a savepoint (a directory with _metadata, or the file) or a previous pipeline file. */
  static RestorePlan restorePlan(LayerGraph graph, String against) {
    StateInventory next = StateInventory.of(graph);
    Path p = Path.of(against.replaceFirst("^file:(//)?", ""));
    boolean savepoint = Files.isDirectory(p) || p.getFileName().toString().equals("_metadata");
    if (savepoint) {
      return RestorePlan.compare(against, SavepointMetadata.read(against), next);
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          "--against " + against + ": neither a savepoint directory nor a pipeline file");
    }
    return RestorePlan.compare(against, StateInventory.of(Pipelines.load(p)), next);
  }
}
