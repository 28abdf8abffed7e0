package io.strata.connectors.doris;

import io.strata.layers.plugin.SinkTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * The Doris {@code CREATE TABLE} for a layer table: Unique Key model keyed by the layer's key (DWD:
 * deduplication key; DWS: window bounds and group-by columns), key columns first as Doris requires,
 * hash-distributed by the key. DWS tables are also auto-partitioned by day and versioned ({@link
 * DorisLayerTables}).
 */
final class DorisTableDdl {
  private DorisTableDdl() {}

  static String createDatabase(String database) {
    return "CREATE DATABASE IF NOT EXISTS " + name(database);
  }

  static String createTable(
      SinkTranslator.SinkContext ctx, String database, String table, int buckets, int replicas) {
    List<String> keys = ctx.keyColumns();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          ctx.table()
              + " has no key, and a Doris Unique Key table needs one: give "
              + ctx.table()
              + " a deduplicate { key = [...] } block (DWS tables are keyed by window and group-by)");
    }
    List<String> lines = new ArrayList<>();
    for (String k : keys) {
      SinkTranslator.Column c = column(ctx, k);
      LogicalType t = DorisTypes.parse(c.type());
      lines.add("  " + name(c.name()) + " " + DorisTypes.of(c.name(), t, true) + " NOT NULL");
    }
    for (SinkTranslator.Column c : ctx.columns()) {
      if (keys.contains(c.name())) {
        continue;
      }
      LogicalType t = DorisTypes.parse(c.type());
      lines.add(
          "  "
              + name(c.name())
              + " "
              + DorisTypes.of(c.name(), t, false)
              + (t.isNullable() ? " NULL" : " NOT NULL"));
    }
    boolean dayPartitioned = DorisLayerTables.partitionedByDay(ctx.table());
    if (dayPartitioned) {
      if (!keys.contains(DorisLayerTables.PARTITION_COLUMN)) {
        throw new IllegalArgumentException(
            ctx.table()
                + ": a day-partitioned Doris table needs "
                + DorisLayerTables.PARTITION_COLUMN
                + " in its key");
      }
      lines.add(
          "  "
              + name(DorisLayerTables.VERSION_COLUMN)
              + " BIGINT NOT NULL COMMENT 'row version: real-time window end ms, backfill 2^62 + that'");
    }
    String keyList = keys.stream().map(DorisTableDdl::name).collect(Collectors.joining(", "));
    return "CREATE TABLE IF NOT EXISTS "
        + name(database)
        + "."
        + name(table)
        + " (\n"
        + String.join(",\n", lines)
        + "\n) ENGINE=OLAP\n"
        + "UNIQUE KEY("
        + keyList
        + ")\n"
        + "COMMENT '"
        + ("Strata " + ctx.table() + " of pipeline " + ctx.settings().name()).replace("'", "")
        + "'\n"
        + (dayPartitioned ? DorisLayerTables.partitionClause() + "\n" : "")
        + "DISTRIBUTED BY HASH("
        + keyList
        + ") BUCKETS "
        + buckets
        + "\n"
        + "PROPERTIES (\n  \"replication_num\" = \""
        + replicas
        + "\",\n  \"enable_unique_key_merge_on_write\" = \"true\""
        + (dayPartitioned
            ? ",\n  \"function_column.sequence_col\" = \"" + DorisLayerTables.VERSION_COLUMN + "\""
            : "")
        + "\n)";
  }

  private static SinkTranslator.Column column(SinkTranslator.SinkContext ctx, String name) {
    return ctx.columns().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "key column " + name + " is not a column of " + ctx.table()));
  }

  static String name(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
