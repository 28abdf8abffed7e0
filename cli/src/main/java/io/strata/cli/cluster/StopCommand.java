package io.strata.cli.cluster;

import io.strata.lineage.flink.FlinkRestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata stop}: stop a job with a savepoint, to restore it (edited or not) later. */
@Command(
    name = "stop",
    description =
        "Stop a job on a Flink cluster with a savepoint and print the savepoint's path (restore it with run/submit --from-savepoint).")
public final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "the job id, or the pipeline name of a running strata job")
  String job;

  @Option(
      names = "--savepoint",
      description =
          "the directory to write the savepoint under (default: the cluster's execution.checkpointing.savepoint-dir, or $STRATA_SAVEPOINT_DIR)")
  String savepointDir;

  @Option(
      names = "--drain",
      description =
          "fire every open window before stopping (for a final stop; a restored job would then find those windows closed)")
  boolean drain;

  @Option(names = "--flink", description = "the cluster's REST URL (default: $STRATA_FLINK_URL)")
  String flink;

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      description = "how long to wait for the savepoint (default ${DEFAULT-VALUE})")
  String timeout;

  @Override
  public Integer call() {
    FlinkRestClient cluster = FlinkRestClient.fromFlagOrEnvironment(flink);
    String dir = savepointDir != null ? savepointDir : System.getenv("STRATA_SAVEPOINT_DIR");
    Duration wait = io.strata.layers.config.Section.parseDuration(timeout);
    String location =
        stop(
            cluster,
            resolveJob(cluster, job),
            dir,
            drain,
            wait == null ? Duration.ofMinutes(2) : wait);
    System.out.println(location);
    return 0;
  }

  /** The job id for a job id or a running pipeline's name. */
  static String resolveJob(FlinkRestClient cluster, String jobOrName) {
    if (jobOrName.matches("[0-9a-f]{32}")) {
      return jobOrName;
    }
    var running =
        cluster.jobs().stream()
            .filter(j -> j.name().equals("strata:" + jobOrName) || j.name().equals(jobOrName))
            .filter(
                j ->
                    j.state().equals("RUNNING")
                        || j.state().equals("CREATED")
                        || j.state().equals("RESTARTING"))
            .toList();
    if (running.size() != 1) {
      throw new IllegalArgumentException(
          running.isEmpty()
              ? "no running job named strata:" + jobOrName + " (strata status lists them)"
              : running.size()
                  + " running jobs are named strata:"
                  + jobOrName
                  + "; give the job id");
    }
    return running.get(0).id();
  }

  /**
   * Stops with a savepoint; writes the job's state manifest beside a local savepoint so that {@code
   * strata plan --against} can name the state in it. Returns the savepoint's location.
   */
  public static String stop(
      FlinkRestClient cluster,
      String jobId,
      String targetDirectory,
      boolean drain,
      Duration timeout) {
    String manifest =
        cluster
            .jobConfig(jobId)
            .path("execution-config")
            .path("user-config")
            .path(StateInventory.MANIFEST_KEY)
            .asText(null);
    String location = cluster.stopWithSavepoint(jobId, targetDirectory, drain, timeout).location();
    // The savepoint is complete before the job has finished; report when it has.
    cluster.awaitState(jobId, Duration.ofSeconds(60), "FINISHED");
    if (manifest != null && PipelineSubmission.isLocal(location)) {
      Path dir = Path.of(location.replaceFirst("^file:(//)?", ""));
      if (Files.isDirectory(dir)) {
        StateInventory.fromJson(manifest).write(dir.resolve(StateInventory.MANIFEST_FILE));
      }
    }
    System.err.println("job " + jobId + " stopped with a savepoint at " + location);
    return location;
  }
}
