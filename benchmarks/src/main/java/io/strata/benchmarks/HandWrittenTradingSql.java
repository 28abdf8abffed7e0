package io.strata.benchmarks;

import java.util.List;
import java.util.Locale;
import org.apache.flink.table.api.TableConfig;

/**
 * The trade path of configs/trading/pipeline.conf (ods.trades, dwd.trades, dws.symbol_minute,
 * dws.account_minute) as a data engineer would write it by hand in Flink SQL: one Kafka table, one
 * view, three INSERTs into blackhole tables, run as one statement set.
 *
 * <p>Where it differs from the generated job, and why:
 *
 * <ul>
 *   <li>Records that cannot be read: Flink's {@code json} format skips them silently ({@code
 *       json.ignore-parse-errors}); its {@code avro} format has no such option, so an undecodable
 *       Avro record fails the job (the benchmark's Avro topic therefore holds none). Strata
 *       dead-letters them with a reason instead. A NOT NULL violation (null account_id) is not
 *       checked by either Flink format, so the WHERE clause drops it.
 *   <li>Deduplication: the documented Flink idiom, {@code ROW_NUMBER() OVER (PARTITION BY trade_id
 *       ORDER BY proc_time) = 1} (keep first row), with {@code table.exec.state.ttl = 10 min} for
 *       the pipeline's {@code within = 10min} (processing time, where Strata expires by event
 *       time). It keeps the first arrival, as Strata does, and stays insert-only. Ordering by
 *       trade_time instead also plans, but makes DWD an updating stream (a trade arriving later
 *       with an earlier trade_time retracts the first) and the window aggregates retracting ones
 *       (MAX_RETRACT and MIN_RETRACT keep every price). Duplicates here are byte-exact re-sends, so
 *       both keep the same row.
 *   <li>DWD is computed once for the three INSERTs only with {@code
 *       table.optimizer.reuse-optimize-block-with-digest-enabled} (see {@link #configure}).
 *   <li>Late records: the window aggregation drops them silently; Strata counts them and sends them
 *       to the late output first.
 *   <li>Watermarks: {@code WATERMARK FOR trade_time AS trade_time - INTERVAL '5' SECOND}, emitted
 *       periodically (Flink's default, every 200 ms) unless {@link Watermarks#ON_EVENT}, which
 *       emits per record as Strata's ODS does. With periodic watermarks, which records are late
 *       depends on processing speed, so DWS rows can differ from the generated job's.
 * </ul>
 */
public final class HandWrittenTradingSql {

  /** How the baseline's source emits watermarks (Flink's {@code scan.watermark.emit.strategy}). */
  public enum Watermarks {
    PERIODIC("on-periodic"),
    ON_EVENT("on-event");

    final String option;

    Watermarks(String option) {
      this.option = option;
    }

    public static Watermarks parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "periodic", "on-periodic" -> PERIODIC;
        case "on-event", "event", "per-record" -> ON_EVENT;
        default ->
            throw new IllegalArgumentException("watermarks must be periodic or on-event: " + s);
      };
    }
  }

  /** The statements of one run: DDL (executed first), then the INSERTs of the statement set. */
  public record Statements(List<String> ddl, List<String> inserts) {}

  private HandWrittenTradingSql() {}

  /**
   * Session settings the baseline runs with. {@code sharedDwd}: plan the view once for all three
   * INSERTs, as the generated job computes DWD once. Without it Flink pushes each INSERT's own
   * projection into its copy of the view, the copies no longer match, and the job filters, shuffles
   * and deduplicates every trade three times (what plain SQL does unless told).
   */
  public static void configure(TableConfig config, boolean sharedDwd) {
    config.set("table.local-time-zone", "UTC"); // pipeline { time-zone = "UTC" }
    config.set("table.exec.state.ttl", "10 min"); // dwd.trades.deduplicate.within
    if (sharedDwd) {
      config.set("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
    }
  }

  public static Statements statements(
      String topic,
      String bootstrap,
      String groupId,
      TradingBenchmark.Format format,
      Watermarks watermarks) {
    String formatOptions =
        switch (format) {
          // The avro format derives the reader schema from the columns: NOT NULL columns are plain
          // Avro types, nullable ones ["null", type] unions, exactly as trade.avsc declares them.
          case AVRO ->
              """
                'format' = 'avro',
                'avro.timestamp_mapping.legacy' = 'false'""";
          case JSON ->
              """
                'format' = 'json',
                'json.ignore-parse-errors' = 'true',
                'json.timestamp-format.standard' = 'ISO-8601'""";
        };
    String notNull = format == TradingBenchmark.Format.AVRO ? " NOT NULL" : "";
    String source =
        """
        CREATE TEMPORARY TABLE trades (
          trade_id    STRING%2$s,
          account_id  STRING,
          symbol      STRING%2$s,
          side        STRING%2$s,
          price       DECIMAL(18, 4)%2$s,
          quantity    BIGINT%2$s,
          trade_time  TIMESTAMP_LTZ(3)%2$s,
          proc_time AS PROCTIME(),
          WATERMARK FOR trade_time AS trade_time - INTERVAL '5' SECOND
        ) WITH (
          'connector' = 'kafka',
          'topic' = '%1$s',
          'properties.bootstrap.servers' = '%3$s',
          'properties.group.id' = '%4$s',
          'scan.startup.mode' = 'earliest-offset',
          'scan.bounded.mode' = 'latest-offset',
          'scan.watermark.emit.strategy' = '%5$s',
        %6$s
        )"""
            .formatted(topic, notNull, bootstrap, groupId, watermarks.option, formatOptions);
    String dwd =
        """
        CREATE TEMPORARY VIEW dwd_trades AS
        SELECT trade_id, account_id, symbol, side, price, quantity,
               CAST(price * quantity AS DECIMAL(18, 4)) AS notional,
               CASE WHEN side = 'SELL' THEN -quantity ELSE quantity END AS signed_quantity,
               trade_time
        FROM (
          SELECT *, ROW_NUMBER() OVER (PARTITION BY trade_id ORDER BY proc_time) AS rn
          FROM trades
          WHERE account_id IS NOT NULL
            AND quantity > 0 AND price > 0 AND side IN ('BUY', 'SELL')
        )
        WHERE rn = 1""";
    String dwdSink =
        """
        CREATE TEMPORARY TABLE dwd_trades_sink (
          trade_id STRING, account_id STRING, symbol STRING, side STRING, price DECIMAL(18, 4),
          quantity BIGINT, notional DECIMAL(18, 4), signed_quantity BIGINT, trade_time TIMESTAMP_LTZ(3)
        ) WITH ('connector' = 'blackhole')""";
    String symbolSink =
        """
        CREATE TEMPORARY TABLE symbol_minute_sink (
          window_start TIMESTAMP(3), window_end TIMESTAMP(3), symbol STRING, trade_count BIGINT,
          volume BIGINT, notional DECIMAL(38, 4), vwap DECIMAL(18, 4), high DECIMAL(18, 4), low DECIMAL(18, 4)
        ) WITH ('connector' = 'blackhole')""";
    String accountSink =
        """
        CREATE TEMPORARY TABLE account_minute_sink (
          window_start TIMESTAMP(3), window_end TIMESTAMP(3), account_id STRING, trade_count BIGINT,
          volume BIGINT, net_quantity BIGINT, notional DECIMAL(38, 4)
        ) WITH ('connector' = 'blackhole')""";
    String insertDwd = "INSERT INTO dwd_trades_sink SELECT * FROM dwd_trades";
    String insertSymbol =
        """
        INSERT INTO symbol_minute_sink
        SELECT window_start, window_end, symbol,
               COUNT(*) AS trade_count,
               SUM(quantity) AS volume,
               SUM(notional) AS notional,
               CAST(SUM(notional) / SUM(quantity) AS DECIMAL(18, 4)) AS vwap,
               MAX(price) AS high,
               MIN(price) AS low
        FROM TABLE(TUMBLE(TABLE dwd_trades, DESCRIPTOR(trade_time), INTERVAL '1' MINUTE))
        GROUP BY window_start, window_end, symbol""";
    String insertAccount =
        """
        INSERT INTO account_minute_sink
        SELECT window_start, window_end, account_id,
               COUNT(*) AS trade_count,
               SUM(quantity) AS volume,
               SUM(signed_quantity) AS net_quantity,
               SUM(notional) AS notional
        FROM TABLE(TUMBLE(TABLE dwd_trades, DESCRIPTOR(trade_time), INTERVAL '1' MINUTE))
        GROUP BY window_start, window_end, account_id""";
    return new Statements(
        List.of(source, dwd, dwdSink, symbolSink, accountSink),
        List.of(insertDwd, insertSymbol, insertAccount));
  }
}
