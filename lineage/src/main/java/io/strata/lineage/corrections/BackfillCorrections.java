package io.strata.lineage.corrections;

import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.PipelineDef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the batch backfill's correction reports from ClickHouse: the table {@code
 * <database>.strata_backfill_corrections} that the backfill appends one row per (run, table) to, in
 * the database of each of the pipeline's clickhouse connections. Read by its documented columns
 * ({@code run_id, pipeline, layer_table, partition, run_time, status, rows_realtime, rows_batch,
 * only_realtime, only_batch, changed, correction}); the lineage module does not depend on the
 * backfill's code.
 */
public final class BackfillCorrections {
  /** The backfill's report table, in the database of a clickhouse connection. */
  public static final String TABLE = "strata_backfill_corrections";

  /** Runs per table in a trend unless asked otherwise. */
  public static final int DEFAULT_RUNS = 10;

  static final int MAX_RUNS = 500;

  private final String pipeline;
  private final List<Store> stores;
  private volatile Snapshot latest;

  /** Where reports may be: a ClickHouse server and database. */
  public record Store(String url, String username, String password, String database) {
    /** Never prints the password. */
    @Override
    public String toString() {
      return url + " " + database + "." + TABLE;
    }
  }

  /**
   * One backfill run's outcome for one table (one partition).
   *
   * @param runTime when the run started, UTC ({@code yyyy-MM-dd HH:mm:ss}, as the backfill writes
   *     it)
   * @param status swapped, unchanged, refused or staged
   * @param correction the table's relative correction (0.0012 = 0.12%)
   * @param rowsChanged rows that differ between the real-time and the recomputed table: changed
   *     plus those only on one side
   */
  public record Run(
      String runId,
      String runTime,
      String partition,
      String status,
      long rowsRealtime,
      long rowsBatch,
      long onlyRealtime,
      long onlyBatch,
      long changed,
      double correction,
      long rowsChanged) {}

  /** The last run of a table and its trend, newest first. */
  public record TableCorrections(String table, Run last, List<Run> trend, String store) {}

  /**
   * What was read.
   *
   * @param available false when no report was found (the backfill never ran, or no ClickHouse)
   * @param note why nothing is available, or where it was read from
   * @param problems stores that could not be read (other than "no report table yet")
   */
  public record Snapshot(
      boolean available,
      String note,
      Instant readAt,
      Map<String, TableCorrections> tables,
      List<String> problems) {
    static Snapshot none(String note) {
      return new Snapshot(false, note, null, Map.of(), List.of());
    }
  }

  public BackfillCorrections(String pipeline, List<Store> stores) {
    this.pipeline = pipeline;
    this.stores = List.copyOf(stores);
    this.latest =
        Snapshot.none(
            stores.isEmpty()
                ? "the pipeline has no clickhouse connection, where the backfill stores its reports"
                : "not read yet");
  }

  /**
   * The report stores of a pipeline: every clickhouse connection's database (once per server and
   * database).
   */
  public static BackfillCorrections of(PipelineDef pipeline) {
    Set<Store> stores = new LinkedHashSet<>();
    for (ConnectionDef c : pipeline.connections().values()) {
      if ("clickhouse".equals(c.type()) && c.option("url") != null) {
        String user = c.option("username");
        String db = c.option("database");
        stores.add(
            new Store(
                c.option("url"),
                user == null || user.isBlank() ? "default" : user,
                c.option("password"),
                db == null || db.isBlank() ? "default" : db));
      }
    }
    return new BackfillCorrections(pipeline.settings().name(), new ArrayList<>(stores));
  }

  public boolean hasStores() {
    return !stores.isEmpty();
  }

  /** The last snapshot read by {@link #refresh()}. */
  public Snapshot latest() {
    return latest;
  }

  /**
   * Reads the last {@link #DEFAULT_RUNS} runs per table again and keeps them as the latest
   * snapshot.
   */
  public Snapshot refresh() {
    Snapshot s = read(DEFAULT_RUNS);
    latest = s;
    return s;
  }

  /** Reads the last {@code runs} runs of every table from every store. */
  public Snapshot read(int runs) {
    if (stores.isEmpty()) {
      return latest;
    }
    int n = Math.max(1, Math.min(runs, MAX_RUNS));
    Map<String, TableCorrections> tables = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Store store : stores) {
      ClickHouseHttp http =
          new ClickHouseHttp(
              store.url(), store.username(), store.password(), Duration.ofSeconds(10));
      List<List<String>> rows;
      try {
        rows =
            http.query(
                "SELECT run_id, layer_table, partition, toString(run_time), status, rows_realtime, rows_batch, only_realtime, only_batch,"
                    + " changed, correction FROM `"
                    + store.database()
                    + "`.`"
                    + TABLE
                    + "` WHERE pipeline = "
                    + string(pipeline)
                    + " ORDER BY layer_table, run_time DESC, run_id DESC, partition DESC LIMIT "
                    + n
                    + " BY layer_table");
      } catch (ClickHouseHttp.ClickHouseException e) {
        // 60: unknown table, 81: unknown database: the backfill has not stored a report there yet.
        if (e.code() == 60 || e.code() == 81) {
          missing.add(store.toString());
        } else {
          problems.add(store + ": " + e.getMessage());
        }
        continue;
      }
      Map<String, List<Run>> byTable = new LinkedHashMap<>();
      for (List<String> r : rows) {
        long onlyRt = Long.parseLong(r.get(7));
        long onlyBatch = Long.parseLong(r.get(8));
        long changed = Long.parseLong(r.get(9));
        byTable
            .computeIfAbsent(r.get(1), k -> new ArrayList<>())
            .add(
                new Run(
                    r.get(0),
                    r.get(3),
                    r.get(2),
                    r.get(4),
                    Long.parseLong(r.get(5)),
                    Long.parseLong(r.get(6)),
                    onlyRt,
                    onlyBatch,
                    changed,
                    Double.parseDouble(r.get(10)),
                    changed + onlyRt + onlyBatch));
      }
      byTable.forEach(
          (table, trend) -> {
            TableCorrections seen = tables.get(table);
            // A table reported in two stores: the newer last run wins.
            if (seen == null || seen.last().runTime().compareTo(trend.get(0).runTime()) < 0) {
              tables.put(
                  table,
                  new TableCorrections(table, trend.get(0), List.copyOf(trend), store.toString()));
            }
          });
    }
    String note =
        !tables.isEmpty()
            ? "read from " + String.join(", ", stores.stream().map(Store::toString).toList())
            : !problems.isEmpty()
                ? "cannot read the backfill's reports: " + String.join("; ", problems)
                : "no backfill report for pipeline "
                    + pipeline
                    + " yet ("
                    + (missing.isEmpty() ? "no rows" : "no table " + String.join(", ", missing))
                    + ")";
    return new Snapshot(
        !tables.isEmpty(),
        note,
        Instant.now(),
        java.util.Collections.unmodifiableMap(tables),
        List.copyOf(problems));
  }

  private static String string(String v) {
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
