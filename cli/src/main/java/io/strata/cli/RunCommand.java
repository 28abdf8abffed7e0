package io.strata.cli;

import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run the pipeline in an embedded Flink (MiniCluster) on this machine.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(names = "--until-end-of-topics", description = "read what the source topics hold now, write the results, print the flow report and exit")
  boolean bounded;

  @Option(names = "--report-every", defaultValue = "10s", description = "how often a running pipeline prints its flow counts (default ${DEFAULT-VALUE})")
  String reportEvery;

  @Override
  public Integer call() throws Exception {
    LayerGraph graph = Pipelines.load(file);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    RunOptions options = bounded ? RunOptions.untilEndOfTopics() : RunOptions.continuous();
    io.strata.layers.generate.JobContext ctx = Pipelines.compose(graph, env, options, new KafkaDeadLetterOutput());
    io.strata.layers.generate.JobComposer.prepareSinks(ctx);
    String name = "strata:" + graph.pipeline().settings().name();
    if (bounded) {
      JobExecutionResult result = env.execute(name);
      FlowReport report = new FlowReport(graph, result.getAllAccumulatorResults());
      System.out.println("\n" + name + " finished in " + result.getNetRuntime() + " ms");
      System.out.print(report.render());
      return report.imbalances().isEmpty() ? 0 : 3;
    }
    JobClient job = env.executeAsync(name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel()));
    long every = io.strata.layers.config.Section.parseDuration(reportEvery) == null ? 10_000 : io.strata.layers.config.Section.parseDuration(reportEvery).toMillis();
    System.out.println(name + " running as job " + job.getJobID() + "; Ctrl-C stops it");
    while (!job.getJobStatus().get().isGloballyTerminalState()) {
      Thread.sleep(Math.max(1000, every));
      System.out.println("\n" + java.time.LocalTime.now().withNano(0) + " " + name + " " + job.getJobStatus().get());
      System.out.print(new FlowReport(graph, job.getAccumulators().get()).render());
    }
    return 0;
  }
}
