package io.strata.backfill;

import java.util.List;
import java.util.Map;

/**
 * One day partition of the store table a layer table's sink writes, as the backfill handles it:
 * stage the recompute beside it, read what real-time wrote, and swap the staged day in atomically.
 * Rows on both sides are in {@link CanonicalRows}' text form, so one diff serves every store.
 */
interface DayPartition {

  /** Store and table, for the report: {@code clickhouse db.table}, {@code doris db.table}. */
  String target();

  /** The partition's name in the store, for the report. */
  String partitionId();

  /** The columns that identify a row. */
  List<String> key();

  /** The recomputed rows of this partition's day (rows of other days are the recompute's edges). */
  List<Map<String, String>> dayRows(Recompute.Result result);

  /**
   * Writes the recomputed rows beside the partition (replacing an earlier stage), with backfill
   * versions.
   */
  void stage(List<Map<String, String>> rows) throws Exception;

  /** The partition's rows as real-time left them: one per key, the newest version. */
  List<Map<String, String>> readRealtime() throws Exception;

  /** Replaces the partition with the staged rows, atomically. */
  void swap() throws Exception;
}
