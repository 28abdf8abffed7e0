package io.strata.cli.cluster;

import io.strata.lineage.flink.FlinkRestClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata submit}: package a pipeline and run it on a Flink session cluster, detached. */
@Command(
    name = "submit",
    description =
        "Package the pipeline (runtime jar + config + schemas) and submit it to a Flink 1.20 session cluster; prints the job id.")
public final class SubmitCommand implements Callable<Integer> {
  /** Exit code when restoring would drop state (as strata plan --against). */
  public static final int STATE_WOULD_BE_DROPPED = 4;

  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--flink",
      description =
          "the cluster's REST URL, e.g. http://jobmanager:8081 (default: $STRATA_FLINK_URL)")
  String flink;

  @Option(
      names = "--from-savepoint",
      description =
          "restore from this savepoint or retained checkpoint; checked against the pipeline first")
  String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "restore even if some of the savepoint's state would be dropped")
  boolean allowNonRestored;

  @Option(names = "--parallelism", description = "override the pipeline's parallelism")
  Integer parallelism;

  @Option(
      names = "--until-end-of-topics",
      description = "read what the source topics hold at the start, then finish")
  boolean bounded;

  @Option(
      names = "--runtime-jar",
      description =
          "the Strata runtime jar (default: $STRATA_RUNTIME_JAR, else runtime/target/strata-runtime.jar)")
  Path runtimeJar;

  @Override
  public Integer call() {
    FlinkRestClient cluster = FlinkRestClient.fromFlagOrEnvironment(flink);
    try {
      PipelineSubmission.Submitted s =
          submit(cluster, file, savepoint, allowNonRestored, parallelism, bounded, runtimeJar);
      System.out.println(s.jobId());
      return 0;
    } catch (PipelineSubmission.StateWouldBeDropped refused) {
      System.err.print(refused.plan().render());
      System.err.println("strata: " + refused.getMessage());
      return STATE_WOULD_BE_DROPPED;
    }
  }

  /** Shared with {@code strata run --flink}: prints what was restored and where the job runs. */
  static PipelineSubmission.Submitted submit(
      FlinkRestClient cluster,
      Path file,
      String savepoint,
      boolean allowNonRestored,
      Integer parallelism,
      boolean bounded,
      Path runtimeJar) {
    PipelineSubmission.Options options =
        new PipelineSubmission.Options(
            parallelism, savepoint, allowNonRestored, bounded, runtimeJar);
    PipelineSubmission.Submitted s = PipelineSubmission.submit(cluster, file, options);
    if (s.restorePlan() != null) {
      System.err.print(s.restorePlan().render());
    }
    System.err.println(
        s.jobName()
            + " submitted to "
            + cluster.baseUrl()
            + " as job "
            + s.jobId()
            + (savepoint == null ? "" : ", restoring " + savepoint));
    return s;
  }

  /** Entry for {@code strata run --flink}. */
  public static PipelineSubmission.Submitted submitForRun(
      String flink, Path file, String savepoint, boolean allowNonRestored, boolean bounded) {
    return submit(
        FlinkRestClient.fromFlagOrEnvironment(flink),
        file,
        savepoint,
        allowNonRestored,
        null,
        bounded,
        null);
  }
}
