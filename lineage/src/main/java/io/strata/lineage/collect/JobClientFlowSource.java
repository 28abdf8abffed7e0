package io.strata.lineage.collect;

import io.strata.lineage.flink.FlinkRestClient;
import io.strata.lineage.flow.FlowCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Reads a job started in this JVM (an embedded MiniCluster run): counters from the job's
 * accumulators through its {@link JobClient}; watermarks, load and checkpoints through the
 * MiniCluster's REST API when one is given (see {@link EmbeddedRest}), else those are unknown. When
 * the job has finished, its final accumulators come from the job result.
 */
public final class JobClientFlowSource implements FlowSource {
  private final JobClient job;
  private final FlinkRestFlowSource rest;
  private final String jobName;
  private final java.util.concurrent.CompletableFuture<JobExecutionResult> result;

  /**
   * @param restUrl the embedded cluster's REST address, or null
   */
  public JobClientFlowSource(JobClient job, String jobName, String restUrl) {
    this.job = job;
    this.jobName = jobName;
    this.rest =
        restUrl == null
            ? null
            : new FlinkRestFlowSource(
                new FlinkRestClient(restUrl, null, FlinkRestClient.POLL_TIMEOUT),
                job.getJobID().toString(),
                null);
    // Asked once: an embedded cluster shuts down with its job, after which only this result
    // remains.
    this.result = job.getJobExecutionResult();
  }

  @Override
  public String describe() {
    return "embedded job " + job.getJobID() + (rest == null ? "" : " (" + rest.describe() + ")");
  }

  @Override
  public FlowSample sample() {
    Instant now = Instant.now();
    String id = job.getJobID().toString();
    if (result.isDone()) {
      return finished(now, id);
    }
    String state;
    try {
      JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
      state = status.name();
    } catch (Exception e) {
      state = "UNKNOWN";
    }
    FlowCounts counts;
    String problem = null;
    try {
      counts = FlowCounts.fromAccumulators(job.getAccumulators().get(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      counts = finalCounts();
      if (counts == null) {
        counts = FlowCounts.empty();
        problem = "cannot read the job's accumulators: " + e.getMessage();
      } else {
        state = state.equals("UNKNOWN") ? "FINISHED" : state;
      }
    }
    if (rest == null || FlowSample.terminalState(state)) {
      return new FlowSample(now, id, jobName, state, counts, Map.of(), null, List.of(), problem);
    }
    FlowSample r = rest.sample();
    return new FlowSample(
        now,
        id,
        jobName,
        state,
        counts.withMissingFrom(r.counts()),
        r.watermarks(),
        r.checkpoints(),
        r.vertices(),
        problem != null ? problem : r.problem());
  }

  private FlowCounts finalCounts() {
    try {
      return FlowCounts.fromAccumulators(
          result.get(5, TimeUnit.SECONDS).getAllAccumulatorResults());
    } catch (Exception e) {
      return null;
    }
  }

  /** The final sample of a job that ended: its last accumulators, FINISHED, or FAILED/CANCELED. */
  private FlowSample finished(Instant now, String id) {
    try {
      JobExecutionResult r = result.getNow(null);
      return new FlowSample(
          now,
          id,
          jobName,
          "FINISHED",
          FlowCounts.fromAccumulators(r.getAllAccumulatorResults()),
          Map.of(),
          null,
          List.of(),
          null);
    } catch (java.util.concurrent.CompletionException
        | java.util.concurrent.CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      boolean cancelled =
          e instanceof java.util.concurrent.CancellationException
              || String.valueOf(cause).contains("Cancel");
      return new FlowSample(
          now,
          id,
          jobName,
          cancelled ? "CANCELED" : "FAILED",
          FlowCounts.empty(),
          Map.of(),
          null,
          List.of(),
          cancelled ? null : "job failed: " + cause.getMessage());
    }
  }
}
