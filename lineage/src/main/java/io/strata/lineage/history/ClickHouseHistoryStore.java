package io.strata.lineage.history;

import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.health.AlertBook;
import io.strata.lineage.health.HealthReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the lineage service's history in a ClickHouse table, so that a restarted service still
 * shows it: per sample the counters of every table, watermarks, freshness lag, the rows missing on
 * every edge, checkpoint outcomes and the job state, and every alert raised or cleared. Rows are
 * buffered and written in batches (TabSeparated over HTTP) by a background thread, so a slow or
 * absent ClickHouse never delays polling; a failed batch is kept and retried.
 *
 * <p>One row per value: {@code day Date, at_ms UInt64, pipeline, job_id, kind, subject, name, value
 * Float64, detail}. The DDL works on ClickHouse 18.16 as on current releases: time is epoch
 * milliseconds (18.16 has no DateTime64) with a {@code Date} partition key; servers from 19.6 get a
 * table TTL, and on every server whole day partitions past the retention are dropped.
 */
public final class ClickHouseHistoryStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseHistoryStore.class);

  /** A batch that cannot be written is kept; beyond this many rows the oldest are dropped. */
  static final int MAX_BUFFERED_ROWS = 200_000;

  static final int MAX_POINTS = 100_000;

  private final HistoryStoreSettings settings;
  private final String pipeline;
  private final ClickHouseHttp http;
  private final String qualifiedTable;
  private final ScheduledExecutorService writer;
  private final Object flushLock = new Object();
  private List<String> buffer = new ArrayList<>();
  private Instant lastSampleAt;
  private String lastJobState;
  private long lastRetentionCheckMs;

  /** One stored alert transition. */
  public record AlertEvent(
      long at,
      String transition,
      String rule,
      String subject,
      double value,
      String message,
      String jobId) {}

  private ClickHouseHistoryStore(HistoryStoreSettings settings, String pipeline) {
    this.settings = settings;
    this.pipeline = pipeline;
    this.http =
        new ClickHouseHttp(
            settings.url(), settings.username(), settings.password(), Duration.ofSeconds(15));
    this.qualifiedTable = name(settings.database()) + "." + name(settings.table());
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "strata-lineage-history");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the database and table when missing and starts writing every {@code settings.every()}.
   *
   * @throws ClickHouseHttp.ClickHouseException when ClickHouse cannot be reached or refuses the DDL
   */
  public static ClickHouseHistoryStore open(HistoryStoreSettings settings, String pipeline)
      throws ClickHouseHttp.ClickHouseException {
    ClickHouseHistoryStore s = new ClickHouseHistoryStore(settings, pipeline);
    s.http.execute("CREATE DATABASE IF NOT EXISTS " + name(settings.database()));
    String version = s.http.query("SELECT version()").get(0).get(0);
    s.http.execute(createTableDdl(s.qualifiedTable, settings.retention(), supportsTtl(version)));
    long every = Math.max(100, settings.every().toMillis());
    s.writer.scheduleWithFixedDelay(s::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    return s;
  }

  /** The table's DDL; {@code ttl}: the server knows table TTLs (19.6 and later). */
  static String createTableDdl(String qualifiedTable, Duration retention, boolean ttl) {
    return "CREATE TABLE IF NOT EXISTS "
        + qualifiedTable
        + " (day Date, at_ms UInt64, pipeline String, job_id String, kind String,"
        + " subject String, name String, value Float64, detail String) ENGINE = MergeTree() PARTITION BY day"
        + " ORDER BY (pipeline, kind, subject, name, at_ms)"
        + (ttl ? " TTL day + INTERVAL " + retentionDays(retention) + " DAY" : "");
  }

  /** Table TTLs arrived in ClickHouse 19.6. */
  static boolean supportsTtl(String version) {
    String[] v = version.split("\\.");
    int major = Integer.parseInt(v[0]);
    int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
    return major > 19 || (major == 19 && minor >= 6);
  }

  /** Retention is kept in whole days (partitions are days), at least one. */
  static long retentionDays(Duration retention) {
    return Math.max(1, (retention.toHours() + 23) / 24);
  }

  public HistoryStoreSettings settings() {
    return settings;
  }

  /**
   * Buffers what a poll saw: the sample's values at most every {@code settings.every()} (and always
   * the first one of a job that ended), and the alert transitions of this poll.
   */
  public void record(
      FlowSample sample, HealthReport report, List<AlertBook.Transition> transitions) {
    List<String> rows = new ArrayList<>();
    String job = sample.jobId() == null ? "" : sample.jobId();
    long at = sample.at().toEpochMilli();
    boolean due;
    synchronized (this) {
      // The first sample of a job that ended is always kept: its counts are the final ones.
      boolean justEnded = sample.terminal() && !sample.jobState().equals(lastJobState);
      due =
          lastSampleAt == null
              || (sample.at().isAfter(lastSampleAt)
                  && (justEnded || !sample.at().isBefore(lastSampleAt.plus(settings.every()))));
      if (due) {
        lastSampleAt = sample.at();
      }
      lastJobState = sample.jobState();
    }
    if (due) {
      sample
          .counts()
          .asMap()
          .forEach(
              (table, counters) ->
                  counters.forEach(
                      (counter, v) -> rows.add(row(at, job, "counter", table, counter, v, ""))));
      sample
          .watermarks()
          .forEach((table, w) -> rows.add(row(at, job, "watermark", table, "watermark", w, "")));
      if (report != null) {
        for (HealthReport.TableHealth t : report.tables()) {
          if (t.lagMillis() != null) {
            rows.add(
                row(
                    at,
                    job,
                    "freshness",
                    t.table(),
                    "lag_ms",
                    t.lagMillis(),
                    t.freshness().name()));
          }
        }
        for (HealthReport.EdgeHealth e : report.edges()) {
          rows.add(row(at, job, "edge", e.id(), "missing", e.missing(), e.balance()));
        }
      }
      FlowSample.CheckpointStats c = sample.checkpoints();
      if (c != null) {
        rows.add(row(at, job, "checkpoint", "job", "completed", c.completed(), ""));
        rows.add(
            row(
                at,
                job,
                "checkpoint",
                "job",
                "failed",
                c.failed(),
                c.lastFailureMessage() == null ? "" : c.lastFailureMessage()));
      }
      rows.add(
          row(
              at,
              job,
              "job",
              sample.jobName() == null ? "" : sample.jobName(),
              "state",
              0,
              sample.jobState()));
    }
    for (AlertBook.Transition t : transitions) {
      rows.add(
          row(
              t.at().toEpochMilli(),
              job,
              "alert",
              t.alert().subject(),
              t.alert().rule(),
              t.alert().value(),
              t.kind() + ": " + t.alert().message()));
    }
    if (!rows.isEmpty()) {
      synchronized (this) {
        buffer.addAll(rows);
        if (buffer.size() > MAX_BUFFERED_ROWS) {
          int drop = buffer.size() - MAX_BUFFERED_ROWS;
          LOG.warn(
              "lineage history: ClickHouse has not taken the last samples; dropping the oldest {} buffered rows",
              drop);
          buffer = new ArrayList<>(buffer.subList(drop, buffer.size()));
        }
      }
    }
  }

  /** Writes what is buffered now; on failure the rows stay buffered for the next attempt. */
  public void flush() throws ClickHouseHttp.ClickHouseException {
    synchronized (flushLock) {
      List<String> batch;
      synchronized (this) {
        batch = buffer;
        buffer = new ArrayList<>();
      }
      if (!batch.isEmpty()) {
        try {
          http.execute(
              "INSERT INTO "
                  + qualifiedTable
                  + " (day, at_ms, pipeline, job_id, kind, subject, name, value, detail) FORMAT TabSeparated\n"
                  + String.join("\n", batch)
                  + "\n");
        } catch (ClickHouseHttp.ClickHouseException | RuntimeException e) {
          synchronized (this) {
            batch.addAll(buffer);
            buffer = batch;
          }
          throw e;
        }
      }
      dropExpiredPartitions();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (ClickHouseHttp.ClickHouseException | RuntimeException e) {
      LOG.warn(
          "lineage history: cannot write to {} ({}); kept for the next attempt",
          qualifiedTable,
          e.getMessage());
    }
  }

  /**
   * Servers without TTLs keep every partition: drop whole days past the retention, once an hour.
   */
  private void dropExpiredPartitions() throws ClickHouseHttp.ClickHouseException {
    long now = System.currentTimeMillis();
    if (now - lastRetentionCheckMs < 3_600_000L) {
      return;
    }
    lastRetentionCheckMs = now;
    LocalDate oldestKept =
        LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays(settings.retention()));
    for (List<String> row :
        http.query(
            "SELECT DISTINCT partition FROM system.parts WHERE active AND database = "
                + string(settings.database())
                + " AND table = "
                + string(settings.table()))) {
      String p = row.get(0).replace("'", "");
      try {
        if (LocalDate.parse(p).isBefore(oldestKept)) {
          http.execute("ALTER TABLE " + qualifiedTable + " DROP PARTITION " + string(p));
        }
      } catch (java.time.DateTimeException e) {
        // not a day partition: not ours to drop
      }
    }
  }

  /**
   * The stored points of one series since {@code since}, oldest first, as {@code [epoch ms,
   * value]}.
   *
   * @param kind counter, watermark, freshness (name lag_ms), edge (name missing), checkpoint or job
   */
  public List<long[]> series(String kind, String subject, String name, Instant since)
      throws ClickHouseHttp.ClickHouseException {
    List<long[]> out = new ArrayList<>();
    for (List<String> r :
        http.query(
            "SELECT at_ms, value FROM "
                + qualifiedTable
                + " WHERE pipeline = "
                + string(pipeline)
                + " AND kind = "
                + string(kind)
                + " AND subject = "
                + string(subject)
                + " AND name = "
                + string(name)
                + " AND day >= toDate("
                + string(day(since.toEpochMilli()))
                + ") AND at_ms >= "
                + since.toEpochMilli()
                + " ORDER BY at_ms LIMIT "
                + MAX_POINTS)) {
      out.add(new long[] {Long.parseLong(r.get(0)), Math.round(Double.parseDouble(r.get(1)))});
    }
    return out;
  }

  /** Alerts raised and cleared since {@code since}, oldest first. */
  public List<AlertEvent> alerts(Instant since) throws ClickHouseHttp.ClickHouseException {
    List<AlertEvent> out = new ArrayList<>();
    for (List<String> r :
        http.query(
            "SELECT at_ms, detail, name, subject, value, job_id FROM "
                + qualifiedTable
                + " WHERE pipeline = "
                + string(pipeline)
                + " AND kind = 'alert' AND day >= toDate("
                + string(day(since.toEpochMilli()))
                + ") AND at_ms >= "
                + since.toEpochMilli()
                + " ORDER BY at_ms LIMIT "
                + MAX_POINTS)) {
      String detail = r.get(1);
      int colon = detail.indexOf(": ");
      out.add(
          new AlertEvent(
              Long.parseLong(r.get(0)),
              colon < 0 ? detail : detail.substring(0, colon),
              r.get(2),
              r.get(3),
              Double.parseDouble(r.get(4)),
              colon < 0 ? "" : detail.substring(colon + 2),
              r.get(5)));
    }
    return out;
  }

  /** Rows per kind, for the page and checks. */
  public Map<String, Long> rowsByKind() throws ClickHouseHttp.ClickHouseException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (List<String> r :
        http.query(
            "SELECT kind, count() FROM "
                + qualifiedTable
                + " WHERE pipeline = "
                + string(pipeline)
                + " GROUP BY kind ORDER BY kind")) {
      out.put(r.get(0), Long.parseLong(r.get(1)));
    }
    return out;
  }

  /** Stops the writer and writes what is left. */
  @Override
  public void close() {
    writer.shutdownNow();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }

  private String row(
      long atMs,
      String job,
      String kind,
      String subject,
      String name,
      double value,
      String detail) {
    return String.join(
        "\t",
        day(atMs),
        Long.toString(atMs),
        tsv(pipeline),
        tsv(job),
        kind,
        tsv(subject),
        tsv(name),
        value == Math.rint(value) && Math.abs(value) < 1e15
            ? Long.toString((long) value)
            : String.format(Locale.ROOT, "%.6f", value),
        tsv(detail));
  }

  private static String day(long atMs) {
    return Instant.ofEpochMilli(atMs).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String tsv(String v) {
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  static String string(String v) {
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String name(String identifier) {
    return "`" + identifier + "`";
  }
}
