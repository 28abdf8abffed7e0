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
   * @param lastBackfill the last backfill's correction of this table (placeholder until the backfill lands)
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

  /** The last backfill's correction of a table; {@code available} is false until the backfill lands. */
  public record BackfillCorrection(boolean available, String note, String at, Double relativeCorrection, Long rowsChanged) {
    public static BackfillCorrection notYet() {
      return new BackfillCorrection(false, "the batch backfill is not built yet; its correction reports will show here", null, null, null);
    }
  }

  /** One sink of a table. */
  public record SinkHealth(String id, String table, int index, String description, boolean counted, long written, long rejected, double writtenPerSecond) {}

  /**
   * One edge.
   *
   * @param balance OK, IN_FLIGHT (rows between two counters, within the grace), MISMATCH, or UNCHECKED (a sink that does not count)
   * @param missing rows lost on the edge (MISMATCH), at least this many; negative: counted more than entered
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
  public record CheckpointHealth(long completed, long failed, long inProgress, Long lastCompletedAgoMillis, long lastDurationMillis, String lastFailure, Status status) {}

  /** Capacity advice for the job and per vertex. */
  public record CapacityAdvice(int configuredParallelism, Integer neededParallelism, String verdict, String explanation, List<CapacityAdvisor.VertexAdvice> vertices) {}
}
