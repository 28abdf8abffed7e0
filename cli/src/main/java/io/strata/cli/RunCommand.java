package io.strata.cli;

import io.strata.cli.cluster.PipelineSubmission;
import io.strata.cli.cluster.StateInventory;
import io.strata.cli.cluster.SubmitCommand;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.flink.FlinkRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description =
        "Run the pipeline in an embedded Flink (MiniCluster) on this machine, or with --flink on a Flink session cluster.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--until-end-of-topics",
      description =
          "read what the source topics hold now, write the results, print the flow report and exit")
  boolean bounded;

  @Option(
      names = "--report-every",
      defaultValue = "10s",
      description =
          "how often a running pipeline prints its flow counts (default ${DEFAULT-VALUE})")
  String reportEvery;

  @Option(
      names = "--flink",
      paramLabel = "<rest-url>",
      description =
          "submit to this Flink 1.20 session cluster (e.g. http://jobmanager:8081) instead of running embedded; Ctrl-C then detaches, the job keeps running")
  String flink;

  @Option(
      names = "--from-savepoint",
      paramLabel = "<path>",
      description =
          "restore the job's state from this savepoint (checked against the pipeline first, see plan --against)")
  String fromSavepoint;

  @Option(
      names = "--allow-non-restored-state",
      description =
          "with --from-savepoint: restore even if some of the savepoint's state would be dropped")
  boolean allowNonRestored;

  @Option(
      names = "--lineage",
      arity = "0..1",
      fallbackValue = "-1",
      paramLabel = "<port>",
      description =
          "serve the lineage page (live flow health) while the job runs; default port: lineage.port of the pipeline")
  Integer lineagePort;

  @Override
  public Integer call() throws Exception {
    long every =
        io.strata.layers.config.Section.parseDuration(reportEvery) == null
            ? 10_000
            : io.strata.layers.config.Section.parseDuration(reportEvery).toMillis();
    if (flink != null) {
      return runOnCluster(every);
    }
    LayerGraph graph = Pipelines.load(file);
    Configuration conf = new Configuration();
    if (fromSavepoint != null) {
      io.strata.cli.cluster.RestorePlan plan = PlanCommand.restorePlan(graph, fromSavepoint);
      System.err.print(plan.render());
      if (!plan.restoresEverything() && !allowNonRestored) {
        System.err.println(
            "nothing was started; pass --allow-non-restored-state to restore anyway");
        return PlanCommand.STATE_WOULD_BE_DROPPED;
      }
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestored);
    }
    String rest =
        lineagePort == null ? null : io.strata.lineage.collect.EmbeddedRest.configure(conf, 0);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    RunOptions options = bounded ? RunOptions.untilEndOfTopics() : RunOptions.continuous();
    io.strata.layers.generate.JobContext ctx =
        Pipelines.compose(graph, env, options, new KafkaDeadLetterOutput());
    // The same uids as on a cluster: stateful operators carry a fingerprint of their definition.
    StateInventory.of(ctx);
    io.strata.layers.generate.JobComposer.prepareSinks(ctx);
    String name = "strata:" + graph.pipeline().settings().name();
    if (lineagePort != null) {
      return runWithLineage(graph, env, name, rest, every);
    }
    if (bounded) {
      JobExecutionResult result = env.execute(name);
      FlowReport report = new FlowReport(graph, result.getAllAccumulatorResults());
      System.out.println("\n" + name + " finished in " + result.getNetRuntime() + " ms");
      System.out.print(report.render());
      return report.imbalances().isEmpty() ? 0 : 3;
    }
    JobClient job = env.executeAsync(name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel()));
    System.out.println(name + " running as job " + job.getJobID() + "; Ctrl-C stops it");
    while (!job.getJobStatus().get().isGloballyTerminalState()) {
      Thread.sleep(Math.max(1000, every));
      System.out.println(
          "\n"
              + java.time.LocalTime.now().withNano(0)
              + " "
              + name
              + " "
              + job.getJobStatus().get());
      System.out.print(new FlowReport(graph, job.getAccumulators().get()).render());
    }
    return 0;
  }

  /** Runs embedded with the lineage page served beside the job, until the job ends. */
  private int runWithLineage(
      LayerGraph graph, StreamExecutionEnvironment env, String name, String rest, long every)
      throws Exception {
    JobClient job = env.executeAsync(name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel()));
    io.strata.lineage.health.LineageSettings settings =
        io.strata.lineage.health.LineageSettings.of(graph.pipeline());
    if (lineagePort >= 0) {
      settings = settings.withPort(lineagePort);
    }
    try (io.strata.lineage.service.LineageService lineage =
        io.strata.lineage.service.LineageService.start(
            graph, new io.strata.lineage.collect.JobClientFlowSource(job, name, rest), settings)) {
      System.out.println(
          name
              + " running as job "
              + job.getJobID()
              + "; lineage page at "
              + lineage.url()
              + (bounded ? "" : "; Ctrl-C stops it"));
      while (!job.getJobStatus().get().isGloballyTerminalState()) {
        Thread.sleep(Math.max(1000, every));
        System.out.print(new FlowReport(graph, job.getAccumulators().get()).render());
      }
      lineage.poll();
      FlowReport report = new FlowReport(graph, job.getAccumulators().get());
      System.out.println("\n" + name + " " + job.getJobStatus().get());
      System.out.print(report.render());
      return report.imbalances().isEmpty() ? 0 : 3;
    }
  }

  /** Submits, then follows the job on the cluster: state and flow counts until it ends. */
  private int runOnCluster(long every) throws InterruptedException {
    LayerGraph graph = Pipelines.load(file);
    FlinkRestClient cluster = FlinkRestClient.fromFlagOrEnvironment(flink);
    PipelineSubmission.Submitted s;
    try {
      s = SubmitCommand.submitForRun(flink, file, fromSavepoint, allowNonRestored, bounded);
    } catch (PipelineSubmission.StateWouldBeDropped refused) {
      System.err.print(refused.plan().render());
      System.err.println("strata: " + refused.getMessage());
      return PlanCommand.STATE_WOULD_BE_DROPPED;
    }
    System.out.println(
        s.jobName()
            + " running on "
            + cluster.baseUrl()
            + " as job "
            + s.jobId()
            + (bounded
                ? ""
                : "; Ctrl-C detaches (the job keeps running: strata status / strata stop --savepoint <dir> "
                    + s.jobId()
                    + ")"));
    while (true) {
      String state =
          bounded
              ? cluster.awaitState(s.jobId(), Duration.ofMillis(Math.max(1000, every)), "FINISHED")
              : waitAndGetState(cluster, s.jobId(), every);
      FlowReport report = new FlowReport(graph, cluster.accumulators(s.jobId()));
      if (java.util.List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
        System.out.println("\n" + s.jobName() + " " + state);
        System.out.print(report.render());
        if ("FAILED".equals(state)) {
          System.err.println("strata: the job failed: " + cluster.rootException(s.jobId()));
          return 2;
        }
        return report.imbalances().isEmpty() ? 0 : 3;
      }
      if (!bounded) {
        System.out.println(
            "\n" + java.time.LocalTime.now().withNano(0) + " " + s.jobName() + " " + state);
        System.out.print(report.render());
      }
    }
  }

  private static String waitAndGetState(FlinkRestClient cluster, String jobId, long every)
      throws InterruptedException {
    Thread.sleep(Math.max(1000, every));
    return cluster.jobState(jobId);
  }
}
