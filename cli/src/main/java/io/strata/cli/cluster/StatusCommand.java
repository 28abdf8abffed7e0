package io.strata.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.lineage.flink.FlinkRestClient;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata status}: the Strata jobs on a cluster, or one job in detail. */
@Command(
    name = "status",
    description =
        "List the Strata jobs on a Flink cluster (state, start, duration), or show one job: checkpoints, restored savepoint, flow counts.")
public final class StatusCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      description = "a job id (default: list every strata: job)")
  String jobId;

  @Option(names = "--flink", description = "the cluster's REST URL (default: $STRATA_FLINK_URL)")
  String flink;

  @Option(names = "--all", description = "list jobs that are not Strata's too")
  boolean all;

  @Override
  public Integer call() {
    FlinkRestClient cluster = FlinkRestClient.fromFlagOrEnvironment(flink);
    if (jobId == null) {
      System.out.printf(
          "%-34s %-12s %-24s %10s  %s%n", "job", "state", "started", "running", "name");
      for (FlinkRestClient.JobSummary j : cluster.jobs()) {
        if (all || j.name().startsWith("strata:")) {
          System.out.printf(
              "%-34s %-12s %-24s %9ds  %s%n",
              j.id(),
              j.state(),
              Instant.ofEpochMilli(j.startTime()),
              j.duration() / 1000,
              j.name());
        }
      }
      return 0;
    }
    JsonNode job = cluster.job(jobId);
    System.out.println(
        job.path("name").asText()
            + "  "
            + job.path("state").asText()
            + "  (job "
            + jobId
            + " on "
            + cluster.baseUrl()
            + ")");
    JsonNode cp = cluster.checkpoints(jobId);
    JsonNode restored = cp.path("latest").path("restored");
    if (!restored.isMissingNode() && !restored.isNull()) {
      System.out.println(
          "restored from: "
              + restored.path("external_path").asText()
              + (restored.path("is_savepoint").asBoolean() ? " (savepoint)" : " (checkpoint)"));
    }
    JsonNode completed = cp.path("latest").path("completed");
    if (!completed.isMissingNode() && !completed.isNull()) {
      System.out.println(
          "latest checkpoint: "
              + completed.path("id").asLong()
              + " at "
              + completed.path("external_path").asText());
    }
    System.out.println(
        "checkpoints: "
            + cp.path("counts").path("completed").asLong()
            + " completed, "
            + cp.path("counts").path("failed").asLong()
            + " failed");
    String root = "FAILED".equals(job.path("state").asText()) ? cluster.rootException(jobId) : null;
    if (root != null) {
      System.out.println("failure: " + root);
    }
    java.util.Map<String, Object> acc = cluster.accumulators(jobId);
    acc.forEach((k, v) -> System.out.printf("  %-50s %s%n", k, v));
    return 0;
  }
}
