package io.strata.connectors.doris;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * How a layer table is laid out in Doris, shared by the sink (which creates and writes it) and the
 * backfill (which replaces a day of it): the table's name, its day partitions and its version
 * fence.
 *
 * <p>DWS tables are auto-partitioned by the day of {@code window_start} and carry {@code _version
 * BIGINT} as Doris's sequence column ({@code function_column.sequence_col}): a row replaces the
 * stored row of its key only if its version is not smaller. Real-time rows carry their window end
 * in epoch milliseconds; backfilled rows {@code 2^62 +} that, so a real-time row arriving after a
 * backfill loses. DWD tables stay unpartitioned and unversioned.
 */
public final class DorisLayerTables {
  /** The sequence column of a DWS table. */
  public static final String VERSION_COLUMN = "_version";

  /** The column whose day partitions a DWS table. */
  public static final String PARTITION_COLUMN = "window_start";

  /** The column whose epoch milliseconds are a real-time row's version. */
  public static final String VERSION_SOURCE = "window_end";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private DorisLayerTables() {}

  /** True for the layer tables whose Doris table is day-partitioned and versioned (DWS). */
  public static boolean partitionedByDay(TableRef table) {
    return table.layer() == Layer.DWS;
  }

  public static String database(ConnectionDef connection) {
    return connection.option(DorisConnector.DATABASE.key());
  }

  /** The sink's {@code table} option, else {@code <layer>_<table>}. */
  public static String table(SinkDef sink, TableRef ref) {
    String t = sink.option(DorisConnector.TABLE.key());
    return t != null ? t : ref.layer().key() + "_" + ref.table();
  }

  /** The name Doris gives the auto partition of a day: {@code p<yyyyMMdd>000000}. */
  public static String dayPartition(LocalDate day) {
    return "p" + DAY.format(day) + "000000";
  }

  /** The temporary partition a backfill stages a day in. */
  public static String backfillPartition(LocalDate day) {
    return "tp_backfill_" + DAY.format(day);
  }

  /** The {@code AUTO PARTITION} clause of a day-partitioned table. */
  static String partitionClause() {
    return "AUTO PARTITION BY RANGE (date_trunc("
        + DorisTableDdl.name(PARTITION_COLUMN)
        + ", 'day')) ()";
  }

  /**
   * Flink SQL for a real-time row's version: the window end's epoch milliseconds, read in the
   * session time zone (the pipeline's), in which window bounds are wall-clock times.
   */
  static String realtimeVersionSql() {
    String end = DorisTableDdl.name(VERSION_SOURCE);
    return "CAST(UNIX_TIMESTAMP(DATE_FORMAT("
        + end
        + ", 'yyyy-MM-dd HH:mm:ss')) AS BIGINT) * 1000 + CAST(DATE_FORMAT("
        + end
        + ", 'SSS') AS BIGINT)";
  }
}
