package io.strata.connectors.clickhouse;

import java.util.function.LongSupplier;

/**
 * How long after their time rows become visible in a ClickHouse table: the end-to-end latency of a
 * sink, measured by its writer.
 *
 * <p>A row's latency is {@code visibleAt - version}: {@code visibleAt} is the wall-clock time
 * (epoch ms) at which ClickHouse answered OK to the INSERT of the row's batch (from then on a
 * {@code SELECT} sees it), {@code version} is the row's {@code _version}: its event time for a DWD
 * table, its window end for a DWS table. Per batch, the writer keeps the oldest version, the number
 * of rows and the sum of their versions (no per-row state); when the batch lands it becomes a batch
 * maximum ({@code visibleAt - oldest}) and a batch mean.
 *
 * <p>Two gauges per sink and writer subtask, whatever the number of rows or keys:
 *
 * <ul>
 *   <li>{@code sink<i>_latency_max_ms}: the largest row latency over the batches that became
 *       visible in the current and the previous {@link #BUCKET_MILLIS} bucket (the last 10 to 20
 *       s);
 *   <li>{@code sink<i>_latency_mean_ms}: the mean row latency over the same batches, weighted by
 *       rows.
 * </ul>
 *
 * When no batch landed in that span, both report the last batch that did (the latency of the newest
 * visible rows; how stale an idle table is, is what freshness shows). Before the first batch both
 * are {@link #NONE}. A maximum or mean below zero (event times ahead of this machine's clock) is
 * reported as 0. The span is at least Flink's metric fetch interval (10 s by default), so a batch
 * is seen by the REST API before it leaves the maximum.
 */
final class ClickHouseVisibilityLatency {
  /** Reported before any batch with row times has become visible. */
  static final long NONE = -1;

  static final long BUCKET_MILLIS = 10_000;

  private final LongSupplier clock;
  private long bucketStart = Long.MIN_VALUE;
  private final Bucket current = new Bucket();
  private final Bucket previous = new Bucket();
  private final Bucket last = new Bucket();

  ClickHouseVisibilityLatency(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * The row times of one batch, built on the writer's thread while rows are encoded: the oldest
   * version, and the sum of the versions relative to the first one (so the sum stays small).
   */
  static final class BatchTimes {
    private long rows;
    private long base;
    private long oldest = Long.MAX_VALUE;
    private long sumSinceBase;

    /** Adds a row's version (epoch ms). */
    void add(long version) {
      if (rows == 0) {
        base = version;
      }
      rows++;
      oldest = Math.min(oldest, version);
      sumSinceBase += version - base;
    }

    long rows() {
      return rows;
    }
  }

  /** Called when ClickHouse has accepted a batch with these row times: now they are visible. */
  synchronized void landed(BatchTimes batch) {
    if (batch.rows == 0) {
      return;
    }
    long visibleAt = clock.getAsLong();
    rotate(visibleAt);
    long max = visibleAt - batch.oldest;
    // Sum over rows of (visibleAt - version) = rows * (visibleAt - base) - sum(version - base).
    long sum = batch.rows * (visibleAt - batch.base) - batch.sumSinceBase;
    current.add(batch.rows, max, sum);
    last.clear();
    last.add(batch.rows, max, sum);
  }

  /** The largest row latency of the recent batches (see the class comment), or {@link #NONE}. */
  synchronized long maxMillis() {
    Bucket b = recent();
    return b.rows == 0 ? NONE : Math.max(0, b.max);
  }

  /** The mean row latency of the recent batches, or {@link #NONE}. */
  synchronized long meanMillis() {
    Bucket b = recent();
    return b.rows == 0 ? NONE : Math.max(0, Math.round((double) b.sum / b.rows));
  }

  private Bucket recent() {
    rotate(clock.getAsLong());
    if (current.rows == 0 && previous.rows == 0) {
      return last;
    }
    Bucket both = new Bucket();
    both.add(current);
    both.add(previous);
    return both;
  }

  private void rotate(long now) {
    long start = now - Math.floorMod(now, BUCKET_MILLIS);
    if (start == bucketStart) {
      return;
    }
    previous.clear();
    if (start == bucketStart + BUCKET_MILLIS) {
      previous.add(current);
    }
    current.clear();
    bucketStart = start;
  }

  private static final class Bucket {
    long rows;
    long max = Long.MIN_VALUE;
    long sum;

    void add(long rows, long max, long sum) {
      this.rows += rows;
      this.max = Math.max(this.max, max);
      this.sum += sum;
    }

    void add(Bucket other) {
      if (other.rows > 0) {
        add(other.rows, other.max, other.sum);
      }
    }

    void clear() {
      rows = 0;
      max = Long.MIN_VALUE;
      sum = 0;
    }
  }
}
