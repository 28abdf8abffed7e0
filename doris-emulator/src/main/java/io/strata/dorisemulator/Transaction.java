package io.strata.dorisemulator;

import java.util.List;

/**
 * A load transaction as Doris's FE tracks it. States follow Doris's {@code TransactionStatus}:
 * PREPARE (data is being received), PRECOMMITTED (two-phase commit: written but invisible), VISIBLE
 * (committed and published), ABORTED. The emulator publishes on commit, so COMMITTED is never
 * observed for long.
 */
public final class Transaction {

  /** Doris's transaction states. */
  public enum Status {
    PREPARE,
    PRECOMMITTED,
    COMMITTED,
    VISIBLE,
    ABORTED
  }

  private final long id;
  private final String database;
  private final String table;
  private final String label;
  private final boolean twoPhase;
  private final long prepareTime;
  private volatile Status status;
  private volatile String reason = "";
  private volatile long finishTime;
  private volatile long loadedRows;
  private volatile List<LoadedRow> stagedRows = List.of();

  /**
   * The temporary partition the load writes into (header {@code temporary_partitions}), or null.
   */
  private volatile String temporaryPartition;

  Transaction(
      long id,
      String database,
      String table,
      String label,
      boolean twoPhase,
      long prepareTime,
      Status status) {
    this.id = id;
    this.database = database;
    this.table = table;
    this.label = label;
    this.twoPhase = twoPhase;
    this.prepareTime = prepareTime;
    this.status = status;
  }

  public long id() {
    return id;
  }

  public String database() {
    return database;
  }

  public String table() {
    return table;
  }

  public String label() {
    return label;
  }

  public boolean twoPhase() {
    return twoPhase;
  }

  public long prepareTime() {
    return prepareTime;
  }

  public Status status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public long finishTime() {
    return finishTime;
  }

  public long loadedRows() {
    return loadedRows;
  }

  public String temporaryPartition() {
    return temporaryPartition;
  }

  void intoTemporaryPartition(String partition) {
    this.temporaryPartition = partition;
  }

  List<LoadedRow> stagedRows() {
    return stagedRows;
  }

  void restore(String why, long finished, long rows) {
    this.reason = why == null ? "" : why;
    this.finishTime = finished;
    this.loadedRows = rows;
  }

  void stage(List<LoadedRow> rows) {
    this.stagedRows = List.copyOf(rows);
    this.loadedRows = rows.size();
  }

  void moveTo(Status next, String why, long now) {
    this.status = next;
    if (why != null) {
      this.reason = why;
    }
    if (next == Status.VISIBLE || next == Status.ABORTED) {
      this.finishTime = now;
      this.stagedRows = List.of();
    }
  }

  /**
   * What {@code ExistingJobStatus} says about this label's job in a "Label Already Exists" answer.
   */
  public String existingJobStatus() {
    return status == Status.COMMITTED || status == Status.VISIBLE ? "FINISHED" : "RUNNING";
  }

  @Override
  public String toString() {
    return "txn " + id + " (" + database + "." + table + ", label " + label + ", " + status + ")";
  }
}
