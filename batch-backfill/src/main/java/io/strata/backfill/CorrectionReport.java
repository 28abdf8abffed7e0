package io.strata.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.connectors.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one backfill run found and did, per table: JSON (for machines and the lineage service's
 * trend) and a readable table. Stored in ClickHouse ({@code strata_backfill_corrections}, when a
 * target of the run has a clickhouse sink) and as files.
 *
 * @param status swapped, unchanged (nothing to correct, nothing swapped), refused (over
 *     max-correction without --force) or staged (a dry run)
 * @param notDone what the run did not do, with why: targets recomputed but not compared or swapped,
 *     and the report itself when no ClickHouse target could store it
 */
public record CorrectionReport(
    String runId,
    String pipeline,
    String date,
    String startedAt,
    String status,
    double maxCorrection,
    double correction,
    boolean forced,
    List<TableCorrection> tables,
    List<String> notDone) {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String STORE_TABLE = "strata_backfill_corrections";

  public CorrectionReport withStatus(String s) {
    return new CorrectionReport(
        runId, pipeline, date, startedAt, s, maxCorrection, correction, forced, tables, notDone);
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The readable form: one line per table, one per measure, then the top keys. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "backfill %s %s (run %s): %s; correction %s (max-correction %s)%s%n",
            pipeline,
            date,
            runId,
            status,
            percent(correction),
            percent(maxCorrection),
            forced ? ", --force" : ""));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-22s %-10s %9s %9s %12s %11s %8s %10s%n",
            "table",
            "partition",
            "realtime",
            "batch",
            "only-rt",
            "only-batch",
            "changed",
            "unchanged"));
    for (TableCorrection t : tables) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-22s %-10s %9d %9d %12d %11d %8d %10d%n",
              t.table(),
              t.partition(),
              t.realtimeRows(),
              t.batchRows(),
              t.onlyRealtime(),
              t.onlyBatch(),
              t.changed(),
              t.unchanged()));
    }
    for (TableCorrection t : tables) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%n%s -> %s%n  %-16s %22s %22s %20s %9s%n",
              t.table(),
              t.target(),
              "measure",
              "realtime",
              "batch",
              "|delta|",
              "relative"));
      for (TableCorrection.MeasureDelta m : t.measures()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-16s %22s %22s %20s %9s%n",
                m.measure(),
                m.realtime().toPlainString(),
                m.batch().toPlainString(),
                m.absDelta().toPlainString(),
                percent(m.relDelta())));
      }
      if (!t.topKeys().isEmpty()) {
        sb.append("  top keys by delta:\n");
        for (TableCorrection.KeyDelta k : t.topKeys()) {
          sb.append("    ")
              .append(k.key())
              .append("  realtime ")
              .append(k.realtime())
              .append("  batch ")
              .append(k.batch())
              .append('\n');
        }
      }
    }
    for (String n : notDone) {
      sb.append("not done: ").append(n).append('\n');
    }
    return sb.toString();
  }

  static String percent(double v) {
    return String.format(Locale.ROOT, "%.4f%%", v * 100);
  }

  /** Writes report.json and report.txt into {@code dir}. */
  public void writeFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), json());
    Files.writeString(dir.resolve("report.txt"), text());
  }

  /**
   * Appends one row per table to {@code <database>.strata_backfill_corrections} (created when
   * missing).
   */
  public void store(ClickHouseHttp http, String database)
      throws ClickHouseHttp.ClickHouseException {
    String table = "`" + database + "`.`" + STORE_TABLE + "`";
    http.execute(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (run_id String, pipeline String, layer_table String, partition String,"
            + " run_time DateTime, status String, rows_realtime UInt64, rows_batch UInt64, only_realtime UInt64, only_batch UInt64,"
            + " changed UInt64, correction Float64, report String) ENGINE = MergeTree ORDER BY (pipeline, layer_table, partition, run_time)");
    String when =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.parse(startedAt));
    List<String> lines = new ArrayList<>();
    String json = json();
    for (TableCorrection t : tables) {
      lines.add(
          String.join(
              "\t",
              esc(runId),
              esc(pipeline),
              esc(t.table()),
              esc(t.partition()),
              when,
              esc(status),
              Long.toString(t.realtimeRows()),
              Long.toString(t.batchRows()),
              Long.toString(t.onlyRealtime()),
              Long.toString(t.onlyBatch()),
              Long.toString(t.changed()),
              Double.toString(t.correction()),
              esc(json)));
    }
    if (!lines.isEmpty()) {
      http.execute(
          "INSERT INTO " + table + " FORMAT TabSeparated\n" + String.join("\n", lines) + "\n");
    }
  }

  private static String esc(String v) {
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
