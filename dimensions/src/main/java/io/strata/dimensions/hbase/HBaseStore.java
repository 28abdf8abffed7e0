package io.strata.dimensions.hbase;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionStore;
import io.strata.dimensions.DimensionWriter;
import io.strata.dimensions.LookupTable;
import io.strata.dimensions.SqlLiterals;
import io.strata.layers.config.Option;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.generate.Sql;
import io.strata.layers.plugin.ConnectorPlugin;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HBase as a dimension store: row key = the dimension key, one column family whose qualifiers are
 * the other columns, values in the byte encoding of Flink's HBase connector (so rows written by
 * {@code strata dim load} are read back by the lookup join unchanged).
 */
public final class HBaseStore implements ConnectorPlugin, DimensionStore {
  static final Option<String> QUORUM =
      Option.string("zookeeper-quorum").required().description("host:port of ZooKeeper");
  static final Option<String> ZNODE =
      Option.string("znode-parent").defaultValue("/hbase").description("HBase root znode");
  static final Option<String> FAMILY =
      Option.string("column-family")
          .defaultValue("d")
          .description("column family holding the dimension columns");
  static final Option<Boolean> ASYNC =
      Option.bool("async")
          .defaultValue(true)
          .description(
              "asynchronous lookups (many gets in flight per task) instead of one blocking get per record");

  @Override
  public String type() {
    return "hbase";
  }

  @Override
  public String description() {
    return "Apache HBase (dimension tables)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(QUORUM, ZNODE);
  }

  @Override
  public List<Option<?>> dimensionStoreOptions() {
    return List.of(
        FAMILY,
        ASYNC,
        DimensionLookupOptions.MAX_RETRIES,
        DimensionLookupOptions.TIMEOUT,
        DimensionLookupOptions.CACHE_MISSING_KEYS,
        DimensionLookupOptions.VALID_FROM);
  }

  @Override
  public String dimensionStoreUnavailableReason() {
    return null;
  }

  static String family(DimensionDef d) {
    return d.storeOptions().getOrDefault(FAMILY.key(), FAMILY.defaultValue());
  }

  static boolean async(DimensionDef d) {
    String v = d.storeOptions().get(ASYNC.key());
    return v == null ? ASYNC.defaultValue() : Boolean.parseBoolean(v);
  }

  static String quorum(ConnectionDef c) {
    return c.option(QUORUM.key());
  }

  static String znode(ConnectionDef c) {
    return c.option(ZNODE.key()) == null ? ZNODE.defaultValue() : c.option(ZNODE.key());
  }

  /** The value columns (every column but the key), in declaration order. */
  static List<ColumnDef> valueColumns(DimensionDef d) {
    List<ColumnDef> out = new ArrayList<>();
    for (ColumnDef c : d.columns()) {
      if (!c.name().equals(d.key())) {
        out.add(c);
      }
    }
    return out;
  }

  static ColumnDef keyColumn(DimensionDef d) {
    return d.columns().stream()
        .filter(c -> c.name().equals(d.key()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "key '" + d.key() + "' is not a column of dimensions." + d.name()));
  }

  /** The table as Flink's HBase connector sees it: the row key column, then one ROW per family. */
  static String columnsDdl(DimensionDef d) {
    ColumnDef key = keyColumn(d);
    List<String> fields = new ArrayList<>();
    for (ColumnDef c : valueColumns(d)) {
      fields.add(Sql.name(c.name()) + " " + c.type());
    }
    return "  "
        + Sql.name(key.name())
        + " "
        + key.type()
        + ",\n"
        + "  "
        + Sql.name(family(d))
        + " ROW<"
        + String.join(", ", fields)
        + ">,\n"
        + "  PRIMARY KEY ("
        + Sql.name(key.name())
        + ") NOT ENFORCED";
  }

  @Override
  public String asOfUnsupportedReason() {
    return null;
  }

  /** Nothing to prepare: every version is a cell whose timestamp is its valid-from. */
  @Override
  public String prepareAsOf(DimensionDef d, ConnectionDef c, LocalDate day) {
    return d.table();
  }

  /**
   * As of {@code day}: each key's newest version valid before the start of the next day, read by
   * {@link HBaseAsOfLookupFactory} (Flink's HBase lookup always reads the newest cell). Valid-from
   * times are written as UTC wall time, like the JDBC store's as-of view compares them.
   */
  @Override
  public LookupTable lookupTable(DimensionDef d, ConnectionDef c, String tableName, LocalDate day) {
    if (day == null || DimensionLookupOptions.validFrom(d) == null) {
      return lookupTable(d, c, tableName);
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", HBaseAsOfLookupFactory.IDENTIFIER);
    options.put(HBaseAsOfLookupFactory.TABLE.key(), d.table());
    options.put(HBaseAsOfLookupFactory.QUORUM.key(), quorum(c));
    options.put(HBaseAsOfLookupFactory.ZNODE.key(), znode(c));
    options.put(
        HBaseAsOfLookupFactory.AS_OF.key(),
        String.valueOf(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
    options.put(
        HBaseAsOfLookupFactory.TIMEOUT.key(),
        String.valueOf(DimensionLookupOptions.timeout(d).toMillis()));
    String head = "CREATE TEMPORARY TABLE " + Sql.name(tableName) + " (\n" + columnsDdl(d) + "\n) ";
    return new LookupTable(
        tableName,
        head + SqlLiterals.withClause(options),
        head + SqlLiterals.printableWithClause(options, Set.of()),
        Sql.name(d.key()),
        columnPaths(d));
  }

  @Override
  public LookupTable lookupTable(DimensionDef d, ConnectionDef c, String tableName) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", "hbase-2.2");
    options.put("table-name", d.table());
    options.put("zookeeper.quorum", quorum(c));
    options.put("zookeeper.znode.parent", znode(c));
    options.put("lookup.async", String.valueOf(async(d)));
    options.putAll(DimensionLookupOptions.flinkLookupOptions(d));
    // The HBase client's own retries would otherwise hold a lookup for up to 20 minutes when the
    // store is down; keep one attempt within `timeout` and let lookup.max-retries retry it.
    long timeout = DimensionLookupOptions.timeout(d).toMillis();
    options.put("properties.hbase.client.retries.number", "2");
    options.put("properties.hbase.client.pause", "100");
    options.put("properties.hbase.rpc.timeout", String.valueOf(timeout));
    options.put("properties.hbase.client.operation.timeout", String.valueOf(timeout));
    options.put("properties.hbase.client.meta.operation.timeout", String.valueOf(timeout));
    options.put("properties.zookeeper.recovery.retry", "1");
    options.put("properties.zookeeper.session.timeout", String.valueOf(Math.max(timeout, 4000)));
    String head = "CREATE TEMPORARY TABLE " + Sql.name(tableName) + " (\n" + columnsDdl(d) + "\n) ";
    return new LookupTable(
        tableName,
        head + SqlLiterals.withClause(options),
        head + SqlLiterals.printableWithClause(options, Set.of()),
        Sql.name(d.key()),
        columnPaths(d));
  }

  /** How each dimension column is read from the lookup table: the key, or family.qualifier. */
  private static Map<String, String> columnPaths(DimensionDef d) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (ColumnDef col : d.columns()) {
      paths.put(
          col.name(),
          col.name().equals(d.key())
              ? Sql.name(col.name())
              : Sql.name(family(d)) + "." + Sql.name(col.name()));
    }
    return paths;
  }

  @Override
  public DimensionWriter openWriter(DimensionDef d, ConnectionDef c) throws Exception {
    return new HBaseDimensionWriter(d, quorum(c), znode(c));
  }
}
