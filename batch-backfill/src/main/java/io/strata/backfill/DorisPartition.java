package io.strata.backfill;

import io.strata.connectors.doris.DorisFrontendClient;
import io.strata.connectors.doris.DorisLayerTables;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * One day partition of the Doris table a DWS table's doris sink writes (auto-partitioned by the day
 * of {@code window_start}, see {@link DorisLayerTables}): staged in a temporary partition ({@code
 * ALTER TABLE ... ADD TEMPORARY PARTITION}, then a stream load with the {@code
 * temporary_partitions} header), read with a range query, and swapped in with {@code ALTER TABLE
 * ... REPLACE PARTITION (p<yyyyMMdd>000000) WITH TEMPORARY PARTITION (...)}, which Doris runs
 * atomically and after which the temporary partition is gone. The formal partition is added first
 * when the day has none (no real-time row was ever loaded for it).
 *
 * <p>The fence is the table's sequence column {@code _version}: staged rows carry {@code 2^62 +
 * window end (ms)}, real-time rows their window end, so a real-time row for a backfilled key that
 * arrives later does not replace it (Doris keeps the row with the larger sequence value).
 */
final class DorisPartition implements DayPartition {
  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final DorisFrontendClient doris;
  private final String database;
  private final String table;
  private final Recompute.Result result;
  private final LocalDate day;
  private final ZoneId zone;
  private final String label;

  DorisPartition(
      ConnectionDef connection,
      SinkDef sink,
      Recompute.Result result,
      LocalDate day,
      String pipelineZone,
      String runId) {
    if (!DorisLayerTables.partitionedByDay(result.table())
        || !result.columns().contains(DorisLayerTables.PARTITION_COLUMN)) {
      throw new IllegalArgumentException(
          "the Doris table of "
              + result.table()
              + " is not partitioned by day: nothing to replace");
    }
    this.doris = DorisFrontendClient.of(connection);
    this.database = DorisLayerTables.database(connection);
    this.table = DorisLayerTables.table(sink, result.table());
    this.result = result;
    this.day = day;
    this.zone = ZoneId.of(pipelineZone);
    this.label =
        ("strata_backfill_" + table + "_" + day.toString().replace("-", "") + "_" + runId)
            .replaceAll("[^-_A-Za-z0-9]", "_");
  }

  @Override
  public String target() {
    return "doris " + database + "." + table;
  }

  @Override
  public String partitionId() {
    return DorisLayerTables.dayPartition(day);
  }

  @Override
  public List<String> key() {
    return result.key();
  }

  /**
   * The day in the pipeline's zone: window bounds are its wall-clock times, and Doris truncates
   * those.
   */
  @Override
  public List<Map<String, String>> dayRows(Recompute.Result r) {
    return CanonicalRows.ofDay(r, DorisLayerTables.PARTITION_COLUMN, day, zone, zone);
  }

  private String qualified() {
    return "`" + database + "`.`" + table + "`";
  }

  private String temporaryPartition() {
    return DorisLayerTables.backfillPartition(day);
  }

  /**
   * Drops and re-adds the day's temporary partition, then loads the rows into it with backfill
   * versions.
   */
  @Override
  public void stage(List<Map<String, String>> rows) throws IOException {
    try {
      doris.execute(
          database,
          "ALTER TABLE "
              + qualified()
              + " DROP TEMPORARY PARTITION IF EXISTS `"
              + temporaryPartition()
              + "`");
      doris.execute(
          database,
          "ALTER TABLE "
              + qualified()
              + " ADD TEMPORARY PARTITION `"
              + temporaryPartition()
              + "` "
              + dayRange());
    } catch (IOException e) {
      throw new IOException(
          "cannot stage the backfill of "
              + target()
              + " (a table created before Strata partitioned DWS tables by day"
              + " must be migrated: docs/doris.md, 'DWS tables of an earlier Strata'): "
              + e.getMessage(),
          e);
    }
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder body = new StringBuilder();
    for (Map<String, String> row : rows) {
      var json = CorrectionReport.JSON.createObjectNode();
      for (int i = 0; i < result.columns().size(); i++) {
        String v = row.get(result.columns().get(i));
        json.put(result.columns().get(i), v == null ? null : toDoris(v, result.types().get(i)));
      }
      long end = Long.parseLong(row.get(DorisLayerTables.VERSION_SOURCE));
      json.put(
          DorisLayerTables.VERSION_COLUMN,
          Long.toString(ClickHousePartition.BACKFILL_VERSION_BASE + end));
      body.append(json.toString()).append('\n');
    }
    doris.streamLoadJsonLines(
        database,
        table,
        label,
        Map.of("temporary_partitions", temporaryPartition()),
        body.toString());
  }

  @Override
  public List<Map<String, String>> readRealtime() throws IOException {
    List<String> names = result.columns();
    String sql =
        "SELECT "
            + String.join(", ", names.stream().map(n -> "`" + n + "`").toList())
            + " FROM "
            + qualified()
            + " WHERE `"
            + DorisLayerTables.PARTITION_COLUMN
            + "` >= '"
            + day
            + " 00:00:00' AND `"
            + DorisLayerTables.PARTITION_COLUMN
            + "` < '"
            + day.plusDays(1)
            + " 00:00:00'";
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> fields : doris.query(database, sql)) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String v = fields.get(i);
        row.put(names.get(i), v == null ? null : canonical(v, result.types().get(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Makes sure the day's formal partition exists, then replaces it. Doris replaces only a partition
   * that exists, and an auto partition exists only once a row of its day was loaded: a day the
   * real-time job never wrote (an outage all day) has none. {@code ADD PARTITION IF NOT EXISTS}
   * with the auto partition's name and range creates the partition Doris would have created (auto
   * partitions and manual ones behave alike) and does nothing when it exists.
   */
  @Override
  public void swap() throws IOException {
    doris.execute(
        database,
        "ALTER TABLE "
            + qualified()
            + " ADD PARTITION IF NOT EXISTS `"
            + partitionId()
            + "` "
            + dayRange());
    doris.execute(
        database,
        "ALTER TABLE "
            + qualified()
            + " REPLACE PARTITION (`"
            + partitionId()
            + "`) WITH TEMPORARY PARTITION (`"
            + temporaryPartition()
            + "`)");
  }

  /**
   * The day's range {@code [day 00:00:00, day + 1 00:00:00)}, as auto partitions by day have it.
   */
  private String dayRange() {
    return "VALUES [(\"" + day + " 00:00:00\"), (\"" + day.plusDays(1) + " 00:00:00\"))";
  }

  /**
   * Doris text for a canonical value: times back to the wall clock the sink writes (UTC for
   * TIMESTAMP_LTZ).
   */
  private String toDoris(String canonical, LogicalType type) {
    return switch (type.getTypeRoot()) {
      case TIMESTAMP_WITHOUT_TIME_ZONE ->
          WALL_CLOCK.format(
              LocalDateTime.ofInstant(
                  java.time.Instant.ofEpochMilli(Long.parseLong(canonical)), zone));
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
          WALL_CLOCK.format(
              LocalDateTime.ofInstant(
                  java.time.Instant.ofEpochMilli(Long.parseLong(canonical)), ZoneOffset.UTC));
      default -> canonical;
    };
  }

  /** A value as Doris answers it, in canonical text. */
  private String canonical(String doris, LogicalType type) {
    LogicalTypeRoot root = type.getTypeRoot();
    if (root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
        || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      LocalDateTime t = LocalDateTime.parse(doris.trim().replace(' ', 'T'));
      return Long.toString(
          t.atZone(root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE ? zone : ZoneOffset.UTC)
              .toInstant()
              .toEpochMilli());
    }
    if (root == LogicalTypeRoot.BOOLEAN) {
      return "true".equalsIgnoreCase(doris) || "1".equals(doris) ? "1" : "0";
    }
    return CanonicalRows.isNumericText(type) ? CanonicalRows.number(new BigDecimal(doris)) : doris;
  }
}
