package io.strata.connectors.doris;

import io.strata.connectors.SqlLiterals;
import io.strata.layers.plugin.SinkTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Doris sink table over the real connector's SQL factory ({@code 'connector' = 'doris'}): Stream
 * Load in JSON lines, two-phase commit on checkpoints, writes to the BE that {@code /api/backends}
 * names (no FE redirect), and {@code prepare()} creates the Unique Key table (and database) through
 * the FE's HTTP statement API when it is missing.
 */
final class DorisSinkTranslator implements SinkTranslator {

  /**
   * Distinguishes the labels of one run of the CLI from an earlier run's: labels are {@code
   * <prefix>_<db>_<table>_<subtask>_<checkpoint>}, and a fresh job (no restored state) starts again
   * at checkpoint 1, so a prefix reused across fresh runs would meet its own VISIBLE labels and the
   * connector would refuse to start. A job restored from a checkpoint of an earlier run finds the
   * old prefix in its state and aborts that run's lingering transactions.
   */
  static final String RUN_TAG = Long.toString(System.currentTimeMillis() / 1000, 36);

  @Override
  public String createTableDdl(SinkContext ctx) {
    Map<String, String> with = new LinkedHashMap<>();
    with.put("connector", "doris");
    with.put("fenodes", ctx.connection().option(DorisConnector.FE_NODES.key()));
    with.put("table.identifier", database(ctx) + "." + table(ctx));
    with.put("username", username(ctx));
    with.put("password", password(ctx));
    // Stream loads go straight to the BE from /api/backends instead of through an FE redirect.
    with.put("auto-redirect", "false");
    with.put("sink.label-prefix", labelPrefix(ctx));
    // Forced on: for Unique Key tables the connector would otherwise switch 2PC off silently.
    with.put("sink.enable-2pc", "true");
    // Layer tables are append-only streams (no retractions), so no delete sign is needed; with it
    // the connector would also call the FE while the job is being planned.
    with.put("sink.enable-delete", "false");
    with.put(
        "sink.max-retries", String.valueOf(intOption(ctx, DorisConnector.MAX_RETRIES.key(), 3)));
    with.put("sink.properties.format", "json");
    with.put("sink.properties.read_json_by_line", "true");
    List<SinkTranslator.Column> columns = new ArrayList<>(ctx.columns());
    if (DorisLayerTables.partitionedByDay(ctx.table())) {
      columns.add(new SinkTranslator.Column(DorisLayerTables.VERSION_COLUMN, "BIGINT NOT NULL"));
    }
    return SqlLiterals.createTable(ctx.sinkTableName(), columns, with);
  }

  /** DWS rows carry their version (window end, epoch ms) for the sequence column. */
  @Override
  public String selectList(SinkContext ctx) {
    return DorisLayerTables.partitionedByDay(ctx.table())
        ? "*, "
            + DorisLayerTables.realtimeVersionSql()
            + " AS "
            + DorisTableDdl.name(DorisLayerTables.VERSION_COLUMN)
        : "*";
  }

  /** Creates the database and Unique Key table if missing; checks an existing table's columns. */
  @Override
  public void prepare(SinkContext ctx) throws Exception {
    String db = database(ctx);
    String table = table(ctx);
    String ddl =
        DorisTableDdl.createTable(
            ctx,
            db,
            table,
            intOption(ctx, DorisConnector.BUCKETS.key(), 1),
            intOption(ctx, DorisConnector.REPLICATION.key(), 1));
    DorisFrontendClient fe =
        new DorisFrontendClient(
            ctx.connection().option(DorisConnector.FE_NODES.key()), username(ctx), password(ctx));
    DorisFrontendClient.TableSchema existing = fe.schema(db, table);
    if (existing == null) {
      fe.execute("information_schema", DorisTableDdl.createDatabase(db));
      fe.execute(db, ddl);
      existing = fe.schema(db, table);
      if (existing == null) {
        throw new IllegalStateException(
            "Doris accepted CREATE TABLE " + db + "." + table + " but does not show the table");
      }
    }
    check(ctx, db, table, existing);
  }

  static void check(
      SinkContext ctx, String db, String table, DorisFrontendClient.TableSchema schema) {
    String where = db + "." + table;
    List<String> problems = new ArrayList<>();
    if (!"UNIQUE_KEYS".equals(schema.keysType())) {
      problems.add(
          "it is a "
              + schema.keysType()
              + " table; Strata writes Unique Key tables (upserts by key)");
    }
    Set<String> expected = new TreeSet<>();
    ctx.columns().forEach(c -> expected.add(c.name().toLowerCase(Locale.ROOT)));
    if (DorisLayerTables.partitionedByDay(ctx.table())) {
      expected.add(DorisLayerTables.VERSION_COLUMN);
    }
    Set<String> actual = new TreeSet<>();
    Set<String> actualKeys = new TreeSet<>();
    for (DorisFrontendClient.Field f : schema.fields()) {
      actual.add(f.name().toLowerCase(Locale.ROOT));
      if (f.key()) {
        actualKeys.add(f.name().toLowerCase(Locale.ROOT));
      }
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    Set<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty()) {
      problems.add("it lacks the columns " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      problems.add("it has columns the layer does not write: " + String.join(", ", extra));
    }
    Set<String> expectedKeys = new TreeSet<>();
    ctx.keyColumns().forEach(k -> expectedKeys.add(k.toLowerCase(Locale.ROOT)));
    if (!actualKeys.isEmpty() && !actualKeys.equals(expectedKeys)) {
      problems.add(
          "its key is ("
              + String.join(", ", actualKeys)
              + ") but "
              + ctx.table()
              + " is keyed by ("
              + String.join(", ", expectedKeys)
              + ")");
    }
    if (problems.size() == 1 && missing.equals(Set.of(DorisLayerTables.VERSION_COLUMN))) {
      throw new IllegalStateException(olderStrataTable(ctx, db, table));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The Doris table "
              + where
              + " does not match "
              + ctx.table()
              + ": "
              + String.join("; ", problems)
              + ". Drop or rename it, or set 'table' in the sink to another name.");
    }
  }

  /**
   * What to do with a DWS table an earlier Strata created (no {@code _version}, hence no sequence
   * column and no day partitions). Doris sets {@code function_column.sequence_col} and AUTO
   * PARTITION only in CREATE TABLE, so {@code ADD COLUMN _version} alone would leave a table the
   * backfill cannot replace days in: the way out is a new table, filled from the old one and
   * swapped in atomically ({@code REPLACE WITH TABLE}), or dropping it. Strata never changes a
   * user's table itself. One line, so the CLI, which prints a message's first line, shows all of
   * it.
   */
  static String olderStrataTable(SinkContext ctx, String db, String table) {
    String fresh = table + "_strata_new";
    String create =
        DorisTableDdl.createTable(
                ctx,
                db,
                fresh,
                intOption(ctx, DorisConnector.BUCKETS.key(), 1),
                intOption(ctx, DorisConnector.REPLICATION.key(), 1))
            .replaceAll("\\s*\n\\s*", " ");
    String columns =
        ctx.columns().stream()
            .map(c -> DorisTableDdl.name(c.name()))
            .collect(java.util.stream.Collectors.joining(", "));
    String old = DorisTableDdl.name(db) + "." + DorisTableDdl.name(table);
    return "The Doris table "
        + db
        + "."
        + table
        + " was created by an earlier Strata: it lacks the column "
        + DorisLayerTables.VERSION_COLUMN
        + " (the sequence column that keeps a backfilled day from being undone by late real-time rows)"
        + " and the day partitions the backfill replaces. Doris sets function_column.sequence_col and AUTO PARTITION only when a table is"
        + " created, so ALTER TABLE ... ADD COLUMN "
        + DorisLayerTables.VERSION_COLUMN
        + " BIGINT is not enough, and Strata does not"
        + " change your table. To keep its rows, run these 3 statements (copied rows get version 0, so any later real-time or backfilled"
        + " row of their key replaces them): "
        + create
        + "; INSERT INTO "
        + DorisTableDdl.name(db)
        + "."
        + DorisTableDdl.name(fresh)
        + " ("
        + columns
        + ", "
        + DorisTableDdl.name(DorisLayerTables.VERSION_COLUMN)
        + ") SELECT "
        + columns
        + ", 0 FROM "
        + old
        + "; ALTER TABLE "
        + old
        + " REPLACE WITH TABLE "
        + DorisTableDdl.name(fresh)
        + " PROPERTIES (\"swap\" = \"false\")."
        + " Or drop it (DROP TABLE "
        + old
        + ") and let Strata create it; a backfill of a past day refills that day from the archive."
        + " Or set 'table' in the sink to a new name. Then run again.";
  }

  static String labelPrefix(SinkContext ctx) {
    String configured = ctx.sink().option(DorisConnector.LABEL_PREFIX.key());
    if (configured != null) {
      return configured;
    }
    String raw =
        "strata_"
            + ctx.settings().name()
            + "_"
            + ctx.table().layer().key()
            + "_"
            + ctx.table().table()
            + "_"
            + ctx.sink().index();
    String clean = raw.replaceAll("[^-_A-Za-z0-9]", "_");
    if (clean.length() > 52) {
      clean = clean.substring(0, 43) + "_" + Integer.toHexString(raw.hashCode());
    }
    return clean + "_" + RUN_TAG;
  }

  static String database(SinkContext ctx) {
    return DorisLayerTables.database(ctx.connection());
  }

  static String table(SinkContext ctx) {
    return DorisLayerTables.table(ctx.sink(), ctx.table());
  }

  private static String username(SinkContext ctx) {
    String u = ctx.connection().option(DorisConnector.USERNAME.key());
    return u == null ? "root" : u;
  }

  private static String password(SinkContext ctx) {
    String p = ctx.connection().option(DorisConnector.PASSWORD.key());
    return p == null ? "" : p;
  }

  private static int intOption(SinkContext ctx, String key, int fallback) {
    String v = ctx.sink().option(key);
    return v == null ? fallback : Integer.parseInt(v.trim());
  }
}
