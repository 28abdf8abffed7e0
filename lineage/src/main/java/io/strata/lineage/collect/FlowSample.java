package io.strata.lineage.collect;

import io.strata.lineage.flow.FlowCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one poll of a running (or finished) job saw: its flow counters, the event-time progress of
 * each table, checkpoint outcomes and the load of each job vertex. Fields a source cannot know are
 * empty (an in-process job without REST has no watermarks).
 *
 * @param at when the sample was taken
 * @param jobId Flink job id, or null before the job is known
 * @param jobName Flink job name
 * @param jobState Flink job status (RUNNING, FINISHED, FAILED, CANCELED, ...), or UNKNOWN
 * @param counts flow counters per table
 * @param watermarks per table ({@code layer.table}): the smallest watermark over the table's
 *     operators and subtasks, epoch millis; absent when none was emitted yet
 * @param checkpoints checkpoint counts and the latest outcomes, or null if unknown
 * @param vertices load per job vertex (for capacity advice), empty if unknown
 * @param problem why part of the sample could not be read (shown on the page), or null
 */
public record FlowSample(
    Instant at,
    String jobId,
    String jobName,
    String jobState,
    FlowCounts counts,
    Map<String, Long> watermarks,
    CheckpointStats checkpoints,
    List<VertexLoad> vertices,
    String problem) {

  public boolean terminal() {
    return terminalState(jobState);
  }

  /** FINISHED, FAILED or CANCELED: the job will not change any more. */
  public static boolean terminalState(String state) {
    return switch (state) {
      case "FINISHED", "FAILED", "CANCELED" -> true;
      default -> false;
    };
  }

  /**
   * Checkpoint outcomes of a job.
   *
   * @param completed completed checkpoints so far
   * @param failed failed checkpoints so far
   * @param inProgress checkpoints in progress
   * @param lastCompletedAt when the latest completed checkpoint was acknowledged (epoch ms), or 0
   * @param lastFailedAt when the latest failed checkpoint failed (epoch ms), or 0
   * @param lastFailureMessage why it failed, or null
   * @param lastDurationMs end-to-end duration of the latest completed checkpoint
   */
  public record CheckpointStats(
      long completed,
      long failed,
      long inProgress,
      long lastCompletedAt,
      long lastFailedAt,
      String lastFailureMessage,
      long lastDurationMs) {}

  /**
   * The load of one job vertex (a chain of operators run as one task).
   *
   * @param name vertex name as Flink shows it
   * @param tables the Strata tables ({@code layer.table}) with operators in this vertex
   * @param parallelism its parallelism
   * @param recordsInPerSecond records entering the vertex per second, summed over subtasks (for a
   *     source vertex: records the source emits)
   * @param busyMsPerSecondAvg average over subtasks of the milliseconds per second spent working
   * @param busyMsPerSecondMax the busiest subtask's value (skew shows as max much above average)
   * @param backPressuredMsPerSecondAvg average milliseconds per second spent back-pressured
   */
  public record VertexLoad(
      String id,
      String name,
      List<String> tables,
      int parallelism,
      double recordsInPerSecond,
      double busyMsPerSecondAvg,
      double busyMsPerSecondMax,
      double backPressuredMsPerSecondAvg) {}
}
