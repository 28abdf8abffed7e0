package io.strata.cli;

import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "explain",
    description =
        "Print the generated Flink SQL and DDL per table, Flink's own explain output, and every operator with its uid.")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--no-flink-plans",
      description = "skip Flink's explain output (only generated SQL and operators)")
  boolean noFlinkPlans;

  @Override
  public Integer call() {
    LayerGraph graph = Pipelines.load(file);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobContext ctx =
        Pipelines.compose(
            graph,
            env,
            RunOptions.untilEndOfTopics().withConsumerGroupSuffix(".explain"),
            new io.strata.connectors.kafka.KafkaDeadLetterOutput());
    String current = null;
    for (JobContext.Generated g : ctx.generated()) {
      if (!g.table().toString().equals(current)) {
        current = g.table().toString();
        System.out.println("\n==== " + current + " ====");
      }
      System.out.println("-- " + g.title());
      System.out.println(Secrets.redact(g.sql(), graph.pipeline()) + "\n");
      if (!noFlinkPlans && g.sql().startsWith("SELECT")) {
        System.out.println("-- Flink explain: " + g.title());
        String plan = ctx.tableEnv().explainSql(g.sql());
        int physical = plan.indexOf("== Optimized Physical Plan ==");
        System.out.println(
            Secrets.redact(physical >= 0 ? plan.substring(physical) : plan, graph.pipeline()));
      }
    }
    System.out.println("\n==== operators (name -> uid) ====");
    StreamGraph sg = env.getStreamGraph(false);
    for (StreamNode n : sg.getStreamNodes()) {
      System.out.printf("%-70s %s%n", truncate(n.getOperatorName(), 70), n.getTransformationUID());
    }
    return 0;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 3) + "...";
  }
}
