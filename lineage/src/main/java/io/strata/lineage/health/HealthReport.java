package io.strata.lineage.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The health of a pipeline at one moment: what the page draws and the API returns.
 *
 * @param at when it was evaluated
 * @param pipeline pipeline name
 * @param source where the numbers come from
 * @param job the job's id, name and state, and the last problem reading it
 * @param tables per table: counts, rates, freshness, colour
 * @param sinks per sink: what it is and what it reported
 * @param edges per edge: counts, rate, balance, colour
 * @param checkpoints checkpoint health, or null if unknown
 * @param capacity advice per job vertex and for the job
 * @param alerts active alerts
 */
public record HealthReport(
    Instant at,
    String pipeline,
    String source,
    Job job,
    List<TableHealth> tables,
    List<SinkHealth> sinks,
    List<EdgeHealth> edges,
    CheckpointHealth checkpoints,
    CapacityAdvice capacity,
    List<Alert> alerts) {

  /** The job being watched. */
  public record Job(String id, String name, String state, String problem, Status status) {}

  /**
   * One table.
   *
   * @param counts its counters ({@code read}, {@code out}, ...)
   * @param inPerSecond rows entering per second (ODS: read from Kafka)
   * @param outPerSecond rows leaving per second
   * @param watermark smallest watermark along the table's path (epoch ms), null if none yet
   * @param lagMillis now minus {@code watermark}: how old the oldest event still in flight is
   * @param sloMillis the table's freshness SLO
   * @param watermarkStalledMillis how long the watermark has not moved (0 if it moves)
   * @param lastBackfill the last backfill's correction of this table
   */
  public record TableHealth(
      String table,
      String layer,
      List<String> upstream,
      Map<String, Long> counts,
      double inPerSecond,
      double outPerSecond,
      Long watermark,
      Long lagMillis,
      long sloMillis,
      long watermarkStalledMillis,
      Status freshness,
      Status status,
      List<String> notes,
      BackfillCorrection lastBackfill) {}

  /**
   * The last backfill's correction of a table, from the backfill's reports in ClickHouse.
   *
   * @param available false when no report of this table was found
   * @param note why not, or a one-line summary
   * @param at when the run started (UTC)
   * @param relativeCorrection the table's relative correction (0.0012 = 0.12%)
   * @param rowsChanged rows that differed between the real-time and the recomputed table
   * @param status swapped, unchanged, refused or staged
   */
  public record BackfillCorrection(
      boolean available,
      String note,
      String at,
      Double relativeCorrection,
      Long rowsChanged,
      String status,
      String runId,
      String partition) {
    public static BackfillCorrection notYet() {
      return none("no backfill report for this table yet");
    }

    public static BackfillCorrection none(String note) {
      return new BackfillCorrection(false, note, null, null, null, null, null, null);
    }
  }

  /**
   * One sink of a table.
   *
   * @param latencyMaxMillis end-to-end latency of a ClickHouse sink: over the batches that became
   *     visible in the last 10-20 s (else the last one), the largest time from a row's event time
   *     (DWS: window end) to its batch being visible; largest over the writer's subtasks. Null for
   *     other sinks, or before a first batch
   * @param latencyMeanMillis the same, mean over those rows (largest over subtasks)
   * @param latencySloMillis the sink's latency SLO ({@code lineage.latency-slo}, else the table's
   *     freshness SLO)
   * @param latency green below half the SLO, amber up to it, red beyond; grey without a measure
   */
  public record SinkHealth(
      String id,
      String table,
      int index,
      String description,
      boolean counted,
      long written,
      long rejected,
      double writtenPerSecond,
      Long latencyMaxMillis,
      Long latencyMeanMillis,
      long latencySloMillis,
      Status latency) {}

  /**
   * One edge.
   *
   * @param balance OK, IN_FLIGHT (rows between two counters, within the grace), MISMATCH, or
   *     UNCHECKED (a sink that does not count)
   * @param missing rows lost on the edge (MISMATCH), at least this many; negative: counted more
   *     than entered
   */
  public record EdgeHealth(
      String id,
      String from,
      String to,
      String kind,
      long upstream,
      long accounted,
      Map<String, Long> breakdown,
      double perSecond,
      String balance,
      long missing,
      Status status) {}

  /** Checkpoint outcomes and their colour. */
  public record CheckpointHealth(
      long completed,
      long failed,
      long inProgress,
      Long lastCompletedAgoMillis,
      long lastDurationMillis,
      String lastFailure,
      Status status) {}

  /** Capacity advice for the job and per vertex. */
  public record CapacityAdvice(
      int configuredParallelism,
      Integer neededParallelism,
      String verdict,
      String explanation,
      List<CapacityAdvisor.VertexAdvice> vertices) {}
}
