package io.strata.benchmarks.backfill;

import io.strata.backfill.Backfill;
import io.strata.backfill.CorrectionReport;
import io.strata.backfill.HiveArchive;
import io.strata.cli.Pipelines;
import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;

/**
 * The nightly backfill at scale: one day of generated trades archived in Hive (Parquet), then the
 * timed backfill of that day into ClickHouse (recompute in Flink batch mode, stage, diff, swap),
 * against ClickHouse computing the same DWS table itself ({@code INSERT INTO ... SELECT ... GROUP
 * BY}) over the same rows loaded into a ClickHouse table, in the same process. Not a test: `mvn
 * verify` runs only a small smoke run of it.
 *
 * <pre>
 * bin/bench backfill [--trades 5000000] [--day 2026-11-23] [--parallelism 2] [--reload] [--keep]
 * </pre>
 *
 * <p>The archive partition is written by a Flink batch job straight from the generator into the
 * Hive table (the archive's own table definition and row format, so the recompute reads exactly
 * what {@code bin/backfill archive} writes); it is kept between runs (table per trade count) unless
 * {@code --reload}. Both sides start from rows at rest: the backfill from the Parquet partition,
 * ClickHouse from its MergeTree table; neither load is part of the timed figures.
 */
public final class BackfillBenchmark {
  static final String USAGE =
      """
      usage: BackfillBenchmark [--trades N] [--day yyyy-MM-dd] [--parallelism P] [--reload] [--keep]
                               [--clickhouse URL] [--metastore thrift://host:port] [--warehouse DIR]
        --trades N        trades in the archived day (default 5000000)
        --day D           the day (default 2026-11-23)
        --parallelism P   pipeline.parallelism of the recompute and the archive load (default 2)
        --reload          rewrite the archive partition even if a previous run left it
        --keep            keep the ClickHouse database afterwards (strata_bench_backfill_<N>)
        --clickhouse, --metastore, --warehouse
                          default: $STRATA_CLICKHOUSE_URL, $STRATA_HIVE_METASTORE_URI, .strata/bench/backfill-warehouse
      """;

  /** What one run measured. */
  public record Result(
      long trades,
      double archiveLoadSeconds,
      double backfillSeconds,
      String backfillStatus,
      long dwsRows,
      double clickHouseLoadSeconds,
      double clickHouseSeconds,
      String clickHouseMode,
      boolean sameResult,
      String comparison) {

    double backfillEventsPerSecond() {
      return trades / backfillSeconds;
    }

    double clickHouseEventsPerSecond() {
      return trades / clickHouseSeconds;
    }

    String text() {
      return String.format(
          java.util.Locale.ROOT,
          """
          backfill benchmark: %,d trades in the archived day, %,d dws.symbol_minute rows
            archive load (Flink batch, generator -> Hive Parquet partition): %s (not timed below)
            Strata backfill (recompute in Flink batch + stage + diff + swap into ClickHouse): %.1f s = %,.0f archived events/s (status %s)
            ClickHouse INSERT INTO ... SELECT ... GROUP BY over the same rows in MergeTree: %.2f s = %,.0f events/s (%s; load %.1f s, not timed)
            ratio ClickHouse / Strata backfill: %.1fx
            same result: %s (%s)
          """,
          trades,
          dwsRows,
          archiveLoadSeconds == 0
              ? "reused from a previous run"
              : String.format(java.util.Locale.ROOT, "%.1f s", archiveLoadSeconds),
          backfillSeconds,
          backfillEventsPerSecond(),
          backfillStatus,
          clickHouseSeconds,
          clickHouseEventsPerSecond(),
          clickHouseMode,
          clickHouseLoadSeconds,
          clickHouseEventsPerSecond() / backfillEventsPerSecond(),
          sameResult,
          comparison);
    }
  }

  /** Settings of one run. */
  public record Settings(
      long trades,
      LocalDate day,
      int parallelism,
      boolean reload,
      boolean keep,
      String clickhouse,
      String metastore,
      Path warehouse,
      Path repoRoot,
      Path workDir) {}

  /** ClickHouse's "Memory limit (for query) exceeded". */
  static final int MEMORY_LIMIT_EXCEEDED = 241;

  /** GROUP BY state kept in memory before ClickHouse spills it, when it has to. */
  static final long SPILL_BYTES = 500_000_000L;

  private BackfillBenchmark() {}

  /**
   * One statement with query settings in the URL (ClickHouse 18.16 has no SETTINGS clause in INSERT
   * ... SELECT).
   */
  static void executeWithSettings(String url, String sql, String settings) throws Exception {
    var client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create((url.endsWith("/") ? url : url + "/") + "?" + settings))
            .timeout(Duration.ofMinutes(30))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sql))
            .build();
    var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "ClickHouse refused the GROUP BY with "
              + settings
              + " (HTTP "
              + response.statusCode()
              + "): "
              + response.body());
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--reload", "--keep" -> opts.put(a, "true");
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return;
        }
        default -> {
          if (!a.startsWith("--") || i + 1 >= args.length) {
            System.err.print("unknown or incomplete option " + a + "\n" + USAGE);
            System.exit(2);
          }
          opts.put(a, args[++i]);
        }
      }
    }
    Path root = repoRoot();
    Settings s =
        new Settings(
            Long.parseLong(opts.getOrDefault("--trades", "5000000")),
            LocalDate.parse(opts.getOrDefault("--day", "2026-11-23")),
            Integer.parseInt(opts.getOrDefault("--parallelism", "2")),
            opts.containsKey("--reload"),
            opts.containsKey("--keep"),
            opts.getOrDefault(
                "--clickhouse", env("STRATA_CLICKHOUSE_URL", "http://127.0.0.1:18123")),
            opts.getOrDefault(
                "--metastore", env("STRATA_HIVE_METASTORE_URI", "thrift://127.0.0.1:19083")),
            Path.of(
                    opts.getOrDefault(
                        "--warehouse", root.resolve(".strata/bench/backfill-warehouse").toString()))
                .toAbsolutePath(),
            root,
            Files.createTempDirectory("strata-bench-backfill"));
    Result r = run(s);
    System.out.print(r.text());
    if (!r.sameResult()) {
      System.exit(1);
    }
  }

  /** Loads (unless already there), times both sides, compares their results. */
  public static Result run(Settings s) throws Exception {
    Path config = writePipeline(s);
    LayerGraph graph = Pipelines.load(config);
    ClickHouseHttp ch = new ClickHouseHttp(s.clickhouse(), "default", null, Duration.ofMinutes(30));
    ch.execute("DROP DATABASE IF EXISTS `" + database(s) + "`");
    ch.execute("CREATE DATABASE `" + database(s) + "`");
    try {
      // The real-time target table, created as the streaming job creates it (empty: every row is
      // new).
      StreamExecutionEnvironment streaming =
          StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
      JobComposer.prepareSinks(
          JobComposer.compose(
              graph, streaming, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput()));

      HiveArchive archive = HiveArchive.of(graph.pipeline(), graph.pipeline().ods().get("trades"));
      double archiveSeconds =
          hasPartition(archive, s.day()) && !s.reload() ? 0 : loadArchive(s, graph, archive);

      long t0 = System.nanoTime();
      CorrectionReport report =
          Backfill.run(new Backfill.Request(graph, s.day(), List.of(), true, false, null));
      double backfillSeconds = (System.nanoTime() - t0) / 1e9;
      long dwsRows = report.tables().get(0).batchRows();

      long t1 = System.nanoTime();
      loadClickHouse(s, ch);
      double chLoadSeconds = (System.nanoTime() - t1) / 1e9;
      ch.execute(
          "CREATE TABLE "
              + table(s, "dws_symbol_minute_ch")
              + " AS "
              + table(s, "dws_symbol_minute"));
      long t2 = System.nanoTime();
      String chMode = "in memory";
      try {
        ch.execute(clickHouseGroupBy(s));
      } catch (ClickHouseHttp.ClickHouseException e) {
        if (e.code() != MEMORY_LIMIT_EXCEEDED) {
          throw e;
        }
        // The dedup GROUP BY trade_id holds every id; over the server's per-query memory limit
        // ClickHouse must spill it to disk. Timed again from the start, and said so in the result.
        ch.execute("TRUNCATE TABLE " + table(s, "dws_symbol_minute_ch"));
        chMode =
            "external GROUP BY (the in-memory attempt hit ClickHouse's memory limit: "
                + e.getMessage().replaceAll(".*(Memory limit[^,]*).*", "$1")
                + ")";
        t2 = System.nanoTime();
        executeWithSettings(
            s.clickhouse(),
            clickHouseGroupBy(s),
            "max_bytes_before_external_group_by=" + SPILL_BYTES);
      }
      double chSeconds = (System.nanoTime() - t2) / 1e9;

      // vwap: Flink rounds the decimal division, ClickHouse truncates it; equal within one unit of
      // the 4th decimal.
      String totals =
          "SELECT count(), sum(trade_count), sum(volume), sum(notional), sum(high), sum(low) FROM ";
      List<String> strata = ch.query(totals + table(s, "dws_symbol_minute") + " FINAL").get(0);
      List<String> clickhouse =
          ch.query(totals + table(s, "dws_symbol_minute_ch") + " FINAL").get(0);
      String diffRows =
          ch.query(
                  "SELECT count() FROM (SELECT symbol, window_start, trade_count, volume, notional, vwap, high, low FROM "
                      + table(s, "dws_symbol_minute")
                      + " FINAL) ALL INNER JOIN (SELECT symbol, window_start, trade_count AS c2, volume AS v2, notional AS n2,"
                      + " vwap AS w2, high AS h2, low AS l2 FROM "
                      + table(s, "dws_symbol_minute_ch")
                      + ") USING (symbol, window_start)"
                      + " WHERE trade_count != c2 OR volume != v2 OR notional != n2 OR abs(toFloat64(vwap) - toFloat64(w2)) > 0.000101 OR high != h2 OR low != l2")
              .get(0)
              .get(0);
      boolean same =
          strata.equals(clickhouse)
              && "0".equals(diffRows)
              && Long.parseLong(strata.get(0)) == dwsRows;
      String comparison =
          "rows, trade_count, volume, notional, high, low totals: Strata "
              + strata
              + ", ClickHouse "
              + clickhouse
              + "; keys with different values: "
              + diffRows;
      return new Result(
          s.trades(),
          archiveSeconds,
          backfillSeconds,
          report.status(),
          dwsRows,
          chLoadSeconds,
          chSeconds,
          chMode,
          same,
          comparison);
    } finally {
      if (!s.keep()) {
        ch.execute("DROP DATABASE IF EXISTS `" + database(s) + "`");
      }
    }
  }

  /**
   * The trading pipeline with an archive, dws.symbol_minute into ClickHouse, and nothing else
   * written.
   */
  static Path writePipeline(Settings s) throws Exception {
    Path file = s.workDir().resolve("pipeline.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "include file(\"" + s.repoRoot().resolve("configs/trading/pipeline.conf") + "\")",
            "pipeline { name = bench_backfill, parallelism = " + s.parallelism() + " }",
            "connections.clickhouse { type = clickhouse, url = \""
                + s.clickhouse()
                + "\", database = "
                + database(s)
                + " }",
            "connections.archive { type = hive, metastore-uris = \""
                + s.metastore()
                + "\", warehouse = \""
                + s.warehouse().toUri()
                + "\" }",
            "ods.trades.archive { connection = archive, table = \"strata_bench_backfill.trades_"
                + s.trades()
                + "\", partition = dt }",
            "dwd.trades.sinks = []",
            "dwd.quotes.sinks = []",
            "dws.symbol_minute.sinks = [ { type = clickhouse, connection = clickhouse } ]",
            "dws.account_minute.sinks = []",
            "backfill { max-correction = \"100%\", layers = [ dws.symbol_minute ] }",
            "tests = null",
            ""));
    return file;
  }

  private static boolean hasPartition(HiveArchive archive, LocalDate day) {
    try {
      archive.requirePartition(day.toString());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A Flink batch job: generator -> the archive's Hive table, one Parquet partition. */
  static double loadArchive(Settings s, LayerGraph graph, HiveArchive archive) throws Exception {
    Configuration conf = new Configuration();
    // Hadoop's shutdown hook reads its config through the finished job's class loader; not a leak
    // worth a stack trace.
    conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(s.parallelism());
    StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
    archive.ensureTable(tEnv);
    tEnv.executeSql(
            "ALTER TABLE "
                + archive.qualifiedName()
                + " DROP IF EXISTS PARTITION ("
                + archive.partitionColumn()
                + "='"
                + s.day()
                + "')")
        .await();
    var type = archive.archivedRowType();
    BenchTrades trades = new BenchTrades(s.trades(), s.day());
    var source =
        new DataGeneratorSource<Row>(trades::archiveRow, s.trades(), ExternalTypeInfo.of(type));
    var rows =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bench-trades")
            .returns(ExternalTypeInfo.of(type));
    tEnv.createTemporaryView(
        "bench_trades", rows, Schema.newBuilder().fromRowDataType(type).build());
    long t0 = System.nanoTime();
    tEnv.executeSql("INSERT INTO " + archive.qualifiedName() + " SELECT * FROM bench_trades")
        .await();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The same trades into a ClickHouse MergeTree table (TabSeparated over HTTP, in chunks). */
  static void loadClickHouse(Settings s, ClickHouseHttp ch) throws Exception {
    ch.execute(
        "CREATE TABLE "
            + table(s, "trades")
            + " (trade_id String, account_id String, symbol String, side String, price Decimal(18, 4),"
            + " quantity Int64, trade_time Int64) ENGINE = MergeTree ORDER BY (symbol, trade_time)");
    BenchTrades trades = new BenchTrades(s.trades(), s.day());
    int chunk = 500_000;
    for (long from = 0; from < s.trades(); from += chunk) {
      StringBuilder body = new StringBuilder(chunk * 64);
      body.append("INSERT INTO ").append(table(s, "trades")).append(" FORMAT TabSeparated\n");
      for (long i = from; i < Math.min(s.trades(), from + chunk); i++) {
        trades.appendTsv(i, body);
      }
      ch.execute(body.toString());
    }
  }

  /**
   * dws.symbol_minute in ClickHouse's own SQL: the same filter, deduplication by trade_id (one row
   * per id, as the pipeline keeps), notional and VWAP in the same decimals, one-minute windows.
   */
  static String clickHouseGroupBy(Settings s) {
    return "INSERT INTO "
        + table(s, "dws_symbol_minute_ch")
        + " (symbol, window_start, window_end, trade_count, volume, notional, vwap, high, low)"
        + " SELECT sym, ws, ws + 60000, count(), sum(q), sum(n), toDecimal64(sum(n) / sum(q), 4), max(p), min(p)"
        + " FROM (SELECT any(symbol) AS sym, any(price) AS p, any(quantity) AS q, toDecimal64(any(price) * any(quantity), 4) AS n,"
        + " intDiv(any(trade_time), 60000) * 60000 AS ws"
        + " FROM "
        + table(s, "trades")
        + " WHERE quantity > 0 AND price > 0 AND side IN ('BUY', 'SELL') GROUP BY trade_id)"
        + " GROUP BY sym, ws";
  }

  /**
   * The ClickHouse database of a run: one per trade count, so the smoke test and a full run never
   * share one.
   */
  static String database(Settings s) {
    return "strata_bench_backfill_" + s.trades();
  }

  static String table(Settings s, String name) {
    return "`" + database(s) + "`." + name;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("configs/trading/pipeline.conf"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "run from inside the Strata repository (configs/trading/pipeline.conf not found above "
            + Path.of("").toAbsolutePath()
            + ")");
  }
}
