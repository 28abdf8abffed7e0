package io.strata.connectors.clickhouse;

import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plugin.SinkTranslator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * The ClickHouse table that holds one layer table: its columns and types, the replacing key, the
 * day partition and the version column. Pure data, derived from the layer; {@link
 * #createTableSql()} is the DDL Strata runs when the table is missing.
 *
 * <p>Engine: {@code ReplacingMergeTree(_version)}. DWD tables are ordered by the business key (the
 * deduplicate key, or the sink's {@code key} option); DWS tables by the group-by columns, then
 * window_start and window_end. Key and partition columns are never Nullable (ClickHouse does not
 * sort or partition by Nullable columns); a null there is a row the table cannot hold.
 *
 * <p>{@code _version} is the row's own event time in epoch milliseconds: the time column of a DWD
 * row, the window end of a DWS row. A row re-emitted after a restore carries the same key and the
 * same version as the first copy, so ClickHouse keeps exactly one of them; a genuinely newer row
 * for the same key (a later trade id re-use beyond the dedup bound) has a larger version and wins.
 */
public record ClickHouseTableSpec(
    TableRef layerTable,
    String database,
    String table,
    List<ColumnSpec> columns,
    List<String> orderBy,
    String timeColumn,
    String versionSource)
    implements Serializable {

  /** The version column every Strata ClickHouse table carries. */
  public static final String VERSION_COLUMN = "_version";

  /** One layer column with its Flink type and the ClickHouse type Strata would create. */
  public record ColumnSpec(String name, LogicalType flinkType, ClickHouseType clickHouseType)
      implements Serializable {}

  /** Derives the table from a sink's context. */
  public static ClickHouseTableSpec of(SinkTranslator.SinkContext ctx) {
    List<ColumnSpec> cols = new ArrayList<>();
    for (SinkTranslator.Column c : ctx.columns()) {
      cols.add(
          new ColumnSpec(
              c.name(),
              LogicalTypeParser.parse(c.type(), ClickHouseTableSpec.class.getClassLoader()),
              null));
    }
    String database =
        orDefault(ctx.connection() == null ? null : ctx.connection().option("database"), "default");
    return of(
        ctx.table(),
        cols,
        ctx.keyColumns(),
        database,
        ctx.sink().option(ClickHouseConnector.TABLE.key()),
        ctx.sink().option(ClickHouseConnector.KEY.key()),
        ctx.sink().option(ClickHouseConnector.TIME_COLUMN.key()));
  }

  /**
   * Derives the table from the layer's columns (Flink types) and key.
   *
   * @param tableOption the sink's {@code table}, null for {@code <layer>_<table>}
   * @param keyOption the sink's {@code key} (comma-separated), null for the layer's key
   * @param timeOption the sink's {@code time-column}, null to pick it from the layer
   */
  public static ClickHouseTableSpec of(
      TableRef ref,
      List<ColumnSpec> layerColumns,
      List<String> layerKey,
      String database,
      String tableOption,
      String keyOption,
      String timeOption) {
    List<String> names = layerColumns.stream().map(ColumnSpec::name).toList();
    String table = orDefault(tableOption, ref.layer().key() + "_" + ref.table());

    List<String> key;
    if (keyOption != null && !keyOption.isBlank()) {
      key = splitList(keyOption);
    } else if (ref.layer() == Layer.DWS) {
      key = new ArrayList<>();
      for (String k : layerKey) {
        if (!k.equals("window_start") && !k.equals("window_end")) {
          key.add(k);
        }
      }
      key.add("window_start");
      key.add("window_end");
    } else {
      key = layerKey;
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          ref
              + " has no key, so rows re-emitted after a restore could not replace"
              + " earlier copies in ClickHouse: set key = \"col1, col2\" on its clickhouse sink (the columns that"
              + " identify a row), or give the table a deduplicate { key = [...] }");
    }
    for (String k : key) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            "key column '"
                + k
                + "' of the clickhouse sink of "
                + ref
                + " is not a column of "
                + ref
                + " (columns: "
                + String.join(", ", names)
                + ")");
      }
    }

    String time = timeOption;
    if (time == null || time.isBlank()) {
      if (ref.layer() == Layer.DWS && names.contains("window_start")) {
        time = "window_start";
      } else {
        List<String> timestamps =
            layerColumns.stream()
                .filter(c -> isTimestamp(c.flinkType()))
                .map(ColumnSpec::name)
                .toList();
        time = timestamps.size() == 1 ? timestamps.get(0) : null;
        if (timestamps.size() > 1) {
          throw new IllegalArgumentException(
              ref
                  + " has several timestamp columns ("
                  + String.join(", ", timestamps)
                  + "): set time-column = <one of them> on its clickhouse sink; it decides the day partition and the row version");
        }
      }
    } else if (!names.contains(time)) {
      throw new IllegalArgumentException(
          "time-column '"
              + time
              + "' of the clickhouse sink of "
              + ref
              + " is not a column of "
              + ref);
    }
    if (time != null) {
      LogicalType t = layerColumns.get(names.indexOf(time)).flinkType();
      if (!isTimestamp(t) && t.getTypeRoot() != LogicalTypeRoot.DATE) {
        throw new IllegalArgumentException(
            "time-column '"
                + time
                + "' of "
                + ref
                + " is "
                + t.asSummaryString()
                + "; it must be a DATE, TIMESTAMP or TIMESTAMP_LTZ");
      }
    }
    String version = ref.layer() == Layer.DWS && names.contains("window_end") ? "window_end" : time;

    Set<String> notNull = new LinkedHashSet<>(key);
    if (time != null) {
      notNull.add(time);
    }
    List<ColumnSpec> cols = new ArrayList<>();
    for (ColumnSpec c : layerColumns) {
      ClickHouseType ch = ClickHouseTypeMapping.forFlink(c.flinkType());
      cols.add(
          new ColumnSpec(c.name(), c.flinkType(), notNull.contains(c.name()) ? ch.notNull() : ch));
    }
    return new ClickHouseTableSpec(
        ref, database, table, List.copyOf(cols), List.copyOf(key), time, version);
  }

  /** {@code `db`.`table`}. */
  public String qualifiedName() {
    return ClickHouseSql.name(database) + "." + ClickHouseSql.name(table);
  }

  public String createDatabaseSql() {
    return "CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.name(database);
  }

  /** DDL valid on ClickHouse 18.16 and current releases. */
  public String createTableSql() {
    StringBuilder sb =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualifiedName()).append(" (\n");
    for (ColumnSpec c : columns) {
      sb.append("  ")
          .append(ClickHouseSql.name(c.name()))
          .append(' ')
          .append(c.clickHouseType().canonical())
          .append(",\n");
    }
    sb.append("  ").append(ClickHouseSql.name(VERSION_COLUMN)).append(" UInt64\n)");
    sb.append("\nENGINE = ReplacingMergeTree(")
        .append(ClickHouseSql.name(VERSION_COLUMN))
        .append(')');
    String partition = partitionExpression();
    if (partition != null) {
      sb.append("\nPARTITION BY ").append(partition);
    }
    sb.append("\nORDER BY (")
        .append(orderBy.stream().map(ClickHouseSql::name).collect(Collectors.joining(", ")))
        .append(')');
    return sb.toString();
  }

  /** The day (UTC) of the time column, or null when the table has none. */
  public String partitionExpression() {
    if (timeColumn == null) {
      return null;
    }
    ColumnSpec c = column(timeColumn);
    return c.flinkType().getTypeRoot() == LogicalTypeRoot.DATE
        ? "toYYYYMMDD(" + ClickHouseSql.name(timeColumn) + ")"
        : "toYYYYMMDD(toDateTime(intDiv(" + ClickHouseSql.name(timeColumn) + ", 1000), 'UTC'))";
  }

  public ColumnSpec column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static boolean isTimestamp(LogicalType t) {
    return t.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
        || t.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      String t = s.trim();
      if (t.startsWith("[")) {
        t = t.substring(1).trim();
      }
      if (t.endsWith("]")) {
        t = t.substring(0, t.length() - 1).trim();
      }
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
