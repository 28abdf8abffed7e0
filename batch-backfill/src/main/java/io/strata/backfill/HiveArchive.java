package io.strata.backfill;

import io.strata.layers.definition.ArchiveDef;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.hive.HiveCatalog;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.hadoop.hive.conf.HiveConf;

/**
 * The Hive side of an ODS table's archive: the catalog it lives in (a thrift metastore named by a
 * {@code type = hive} connection), the table's DDL and how a row's event day is computed.
 *
 * <p>Tables use Flink's default SQL dialect with {@code 'connector' = 'hive'} and Parquet files,
 * partitioned by a STRING day column ({@code yyyy-MM-dd} in the pipeline's time zone). Hive has no
 * TIMESTAMP_LTZ: such columns are archived as TIMESTAMP(9) in UTC and turned back into instants
 * when read, so the archive does not depend on the session time zone.
 */
public final class HiveArchive {
  /** Name under which the archive catalog is registered in a table environment. */
  public static final String CATALOG = "strata_archive";

  private final ConnectionDef connection;
  private final OdsTableDef table;

  private HiveArchive(ConnectionDef connection, OdsTableDef table) {
    this.connection = connection;
    this.table = table;
  }

  /** The archive of an ODS table; fails with an actionable message when it cannot have one. */
  public static HiveArchive of(PipelineDef pipeline, OdsTableDef table) {
    ArchiveDef a = table.archive();
    if (a == null) {
      throw new IllegalArgumentException(
          "ods."
              + table.name()
              + " has no archive { connection, table } block: nothing to archive or recompute from"
              + " (add archive { connection = <hive connection>, table = \"db.table\" } at "
              + table.origin()
              + ")");
    }
    ConnectionDef c = pipeline.connections().get(a.connection());
    if (c == null || !"hive".equals(c.type())) {
      throw new IllegalArgumentException(
          "ods."
              + table.name()
              + ".archive.connection '"
              + a.connection()
              + "' is not a connection of type hive");
    }
    if (table.eventTime() == null) {
      throw new IllegalArgumentException(
          "ods."
              + table.name()
              + " has no event-time column: the archive is partitioned by event day");
    }
    return new HiveArchive(c, table);
  }

  public OdsTableDef table() {
    return table;
  }

  public String partitionColumn() {
    return table.archive().partition() == null ? "dt" : table.archive().partition();
  }

  /**
   * Database and table in the metastore: {@code db.table} in the archive block, or the connection's
   * database.
   */
  public String database() {
    String t = table.archive().table();
    if (t.contains(".")) {
      return t.substring(0, t.indexOf('.'));
    }
    String db = connection.option("database");
    return db == null ? "default" : db;
  }

  public String tableName() {
    String t = table.archive().table();
    return t.contains(".") ? t.substring(t.indexOf('.') + 1) : t;
  }

  /** {@code `strata_archive`.`db`.`table`}. */
  public String qualifiedName() {
    return "`" + CATALOG + "`.`" + database() + "`.`" + tableName() + "`";
  }

  public String metastoreUris() {
    return connection.option("metastore-uris");
  }

  /** Registers the archive catalog (once per table environment) and creates database and table. */
  public void ensureTable(TableEnvironment tEnv) {
    register(tEnv);
    tEnv.executeSql("CREATE DATABASE IF NOT EXISTS `" + CATALOG + "`.`" + database() + "`");
    tEnv.executeSql(createTableSql());
  }

  /** Registers the Hive catalog of this archive's connection under {@link #CATALOG}. */
  public void register(TableEnvironment tEnv) {
    if (tEnv.getCatalog(CATALOG).isPresent()) {
      return;
    }
    tEnv.registerCatalog(CATALOG, catalog());
  }

  /**
   * Fails with an actionable message unless the day's partition exists: a recompute over a missing
   * partition would replace real-time data with nothing.
   */
  public void requirePartition(String day) {
    HiveCatalog catalog = catalog();
    catalog.open();
    try {
      ObjectPath path = new ObjectPath(database(), tableName());
      if (!catalog.tableExists(path)) {
        throw new IllegalArgumentException(
            "the archive table "
                + database()
                + "."
                + tableName()
                + " of ods."
                + table.name()
                + " does not exist in the metastore at "
                + metastoreUris()
                + ": run `bin/backfill archive <pipeline>` first");
      }
      if (!catalog.partitionExists(
          path, new CatalogPartitionSpec(java.util.Map.of(partitionColumn(), day)))) {
        throw new IllegalArgumentException(
            "the archive of ods."
                + table.name()
                + " ("
                + database()
                + "."
                + tableName()
                + ") has no partition "
                + partitionColumn()
                + "='"
                + day
                + "': nothing was archived for that day, so there is nothing to recompute from"
                + " (is the archive job running, and has it passed that day?)");
      }
    } catch (org.apache.flink.table.catalog.exceptions.CatalogException e) {
      throw new IllegalStateException(
          "cannot read the archive table "
              + database()
              + "."
              + tableName()
              + " from "
              + metastoreUris()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      catalog.close();
    }
  }

  private HiveCatalog catalog() {
    HiveConf conf = new HiveConf();
    conf.set("hive.metastore.uris", metastoreUris());
    String warehouse = connection.option("warehouse");
    if (warehouse != null) {
      conf.set("hive.metastore.warehouse.dir", warehouse);
    }
    conf.set("hive.metastore.client.socket.timeout", "60s");
    // "default" always exists; the archive's own database may not exist yet when the catalog opens.
    return new HiveCatalog(CATALOG, "default", conf, "3.1.3");
  }

  public String createTableSql() {
    List<String> cols = new ArrayList<>();
    for (ColumnDef c : table.columns()) {
      cols.add("  `" + c.name() + "` " + hiveType(c.type()));
    }
    cols.add("  `" + partitionColumn() + "` STRING");
    return "CREATE TABLE IF NOT EXISTS "
        + qualifiedName()
        + " (\n"
        + String.join(",\n", cols)
        + "\n) PARTITIONED BY (`"
        + partitionColumn()
        + "`) WITH (\n"
        + "  'connector' = 'hive',\n"
        + "  'hive.storage.file-format' = 'parquet',\n"
        + "  'sink.partition-commit.trigger' = 'process-time',\n"
        + "  'sink.partition-commit.delay' = '0 s',\n"
        + "  'sink.partition-commit.policy.kind' = 'metastore,success-file'\n)";
  }

  /**
   * The archive's columns: the declared ones (LTZ as UTC TIMESTAMP(9), all nullable), then the day.
   */
  public DataType archivedRowType() {
    List<DataTypes.Field> fields = new ArrayList<>();
    for (ColumnDef c : table.columns()) {
      fields.add(
          DataTypes.FIELD(
              c.name(),
              TypeConversions.fromLogicalToDataType(
                  LogicalTypeParser.parse(
                      hiveType(c.type()), HiveArchive.class.getClassLoader()))));
    }
    fields.add(DataTypes.FIELD(partitionColumn(), DataTypes.STRING()));
    return DataTypes.ROW(fields.toArray(new DataTypes.Field[0]));
  }

  /** Positions of the TIMESTAMP_LTZ columns among the declared ones. */
  public int[] ltzColumns() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      if (isLtz(table.columns().get(i).type())) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  public int eventTimeIndex() {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equals(table.eventTime().column())) {
        return i;
      }
    }
    throw new IllegalStateException(
        "event-time column " + table.eventTime().column() + " is not declared");
  }

  /** Reads one day's partition (all archived columns, the day last). */
  public String selectDaySql(String day) {
    return "SELECT * FROM "
        + qualifiedName()
        + " WHERE `"
        + partitionColumn()
        + "` = '"
        + day.replace("'", "''")
        + "'";
  }

  static boolean isLtz(String type) {
    return baseType(type).toUpperCase(Locale.ROOT).startsWith("TIMESTAMP_LTZ")
        || baseType(type).toUpperCase(Locale.ROOT).contains("WITH LOCAL TIME ZONE");
  }

  /** The declared type without NOT NULL (Hive columns are nullable). */
  static String baseType(String type) {
    return type.replaceAll("(?i)\\s+NOT\\s+NULL\\s*$", "").trim();
  }

  /**
   * Hive timestamps are TIMESTAMP(9) in Flink's HiveCatalog; the values keep their milliseconds.
   */
  static String hiveType(String type) {
    String base = baseType(type);
    return isLtz(type) || base.toUpperCase(Locale.ROOT).startsWith("TIMESTAMP")
        ? "TIMESTAMP(9)"
        : base;
  }
}
