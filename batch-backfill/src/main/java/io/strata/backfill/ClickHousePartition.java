package io.strata.backfill;

import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.connectors.clickhouse.ClickHouseTableSpec;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * One day partition of the ClickHouse table a layer table's clickhouse sink writes: read as
 * real-time wrote it ({@code FINAL}), staged beside it ({@code <table>__backfill}), and swapped in
 * with {@code ALTER TABLE ... REPLACE PARTITION ... FROM} (atomic; ClickHouse 18.16 and current).
 *
 * <p>The fence: staged rows carry {@code _version = 2^62 + window end (ms)}. Real-time rows carry
 * their window end (ms), far below 2^62, so after the swap a real-time row for the same key that
 * arrives later (a replay after a restore, a job that was behind) loses to the backfilled row in
 * every merge and in {@code FINAL}: it neither undoes the correction nor counts twice. A later
 * backfill replaces the whole partition again, and gives the same versions (idempotent).
 */
final class ClickHousePartition implements DayPartition {
  /** Added to a backfilled row's version; real-time versions (epoch ms) never reach it. */
  static final long BACKFILL_VERSION_BASE = 1L << 62;

  private final ClickHouseHttp http;
  private final ClickHouseTableSpec spec;
  private final LocalDate day;
  private final ZoneId zone;

  ClickHousePartition(
      ConnectionDef connection,
      SinkDef sink,
      Recompute.Result result,
      LocalDate day,
      String pipelineZone) {
    this.http =
        new ClickHouseHttp(
            connection.option("url"),
            orDefault(connection.option("username"), "default"),
            connection.option("password"),
            Duration.ofMinutes(5));
    List<ClickHouseTableSpec.ColumnSpec> cols = new ArrayList<>();
    for (int i = 0; i < result.columns().size(); i++) {
      cols.add(
          new ClickHouseTableSpec.ColumnSpec(result.columns().get(i), result.types().get(i), null));
    }
    this.spec =
        ClickHouseTableSpec.of(
            result.table(),
            cols,
            result.key(),
            orDefault(connection.option("database"), "default"),
            sink.option("table"),
            sink.option("key"),
            sink.option("time-column"));
    this.day = day;
    this.zone = ZoneId.of(pipelineZone);
    if (spec.partitionExpression() == null) {
      throw new IllegalArgumentException(
          "ClickHouse table "
              + spec.qualifiedName()
              + " of "
              + result.table()
              + " has no day partition (no time column): nothing to replace");
    }
    // Normally refused earlier, before the recompute (BackfillChecks); kept as the last guard.
    if (!BackfillChecks.isUtc(pipelineZone)) {
      throw new IllegalArgumentException(
          "ClickHouse tables are partitioned by UTC day, the archive by day in "
              + pipelineZone
              + ": a backfill into ClickHouse needs pipeline.time-zone = UTC");
    }
  }

  ClickHouseTableSpec spec() {
    return spec;
  }

  ClickHouseHttp http() {
    return http;
  }

  @Override
  public String target() {
    return "clickhouse " + spec.database() + "." + spec.table();
  }

  @Override
  public List<String> key() {
    return spec.orderBy();
  }

  /** The recomputed rows of the day (UTC: ClickHouse partitions by UTC day). */
  @Override
  public List<Map<String, String>> dayRows(Recompute.Result result) {
    return CanonicalRows.ofDay(result, spec.timeColumn(), day, java.time.ZoneOffset.UTC, zone);
  }

  @Override
  public String partitionId() {
    return day.toString().replace("-", "");
  }

  String stagingTable() {
    return "`" + spec.database() + "`.`" + spec.table() + "__backfill`";
  }

  /** The partition's rows as real-time left them (FINAL: one row per key, newest version). */
  List<Map<String, String>> readPartition(String qualifiedTable)
      throws ClickHouseHttp.ClickHouseException {
    List<String> names = spec.columns().stream().map(ClickHouseTableSpec.ColumnSpec::name).toList();
    String sql =
        "SELECT "
            + String.join(", ", names.stream().map(n -> "`" + n + "`").toList())
            + " FROM "
            + qualifiedTable
            + " FINAL WHERE "
            + spec.partitionExpression()
            + " = "
            + partitionId();
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> fields : http.query(sql)) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String v = fields.get(i);
        row.put(
            names.get(i), "\\N".equals(v) ? null : canonical(v, spec.columns().get(i).flinkType()));
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public List<Map<String, String>> readRealtime() throws ClickHouseHttp.ClickHouseException {
    return readPartition(spec.qualifiedName());
  }

  /**
   * Writes the recomputed rows to the staging table (dropped and created like the target first).
   */
  @Override
  public void stage(List<Map<String, String>> rows) throws ClickHouseHttp.ClickHouseException {
    http.execute("DROP TABLE IF EXISTS " + stagingTable());
    http.execute("CREATE TABLE " + stagingTable() + " AS " + spec.qualifiedName());
    List<String> names = spec.columns().stream().map(ClickHouseTableSpec.ColumnSpec::name).toList();
    String versionColumn = spec.versionSource();
    StringBuilder body = new StringBuilder();
    body.append("INSERT INTO ")
        .append(stagingTable())
        .append(" (")
        .append(String.join(", ", names.stream().map(n -> "`" + n + "`").toList()))
        .append(", `")
        .append(ClickHouseTableSpec.VERSION_COLUMN)
        .append("`) FORMAT TabSeparated\n");
    for (Map<String, String> row : rows) {
      for (String n : names) {
        String v = row.get(n);
        body.append(v == null ? "\\N" : escape(v)).append('\t');
      }
      long version =
          BACKFILL_VERSION_BASE
              + (versionColumn == null ? 0 : Long.parseLong(row.get(versionColumn)));
      body.append(Long.toUnsignedString(version)).append('\n');
    }
    if (!rows.isEmpty()) {
      http.execute(body.toString());
    }
  }

  /** Atomically replaces the target's day partition with the staging table's. */
  @Override
  public void swap() throws ClickHouseHttp.ClickHouseException {
    http.execute(
        "ALTER TABLE "
            + spec.qualifiedName()
            + " REPLACE PARTITION "
            + partitionId()
            + " FROM "
            + stagingTable());
  }

  static String canonical(String clickHouseText, LogicalType type) {
    LogicalTypeRoot root = type.getTypeRoot();
    boolean numeric =
        switch (root) {
          case TINYINT,
              SMALLINT,
              INTEGER,
              BIGINT,
              FLOAT,
              DOUBLE,
              DECIMAL,
              TIMESTAMP_WITHOUT_TIME_ZONE,
              TIMESTAMP_WITH_LOCAL_TIME_ZONE,
              TIME_WITHOUT_TIME_ZONE,
              BOOLEAN ->
              true;
          default -> false;
        };
    return numeric ? CanonicalRows.number(new BigDecimal(clickHouseText)) : clickHouseText;
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }
}
