package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.connectors.clickhouse.ClickHouseRetryPolicy;
import io.strata.connectors.clickhouse.ClickHouseSink;
import io.strata.connectors.clickhouse.ClickHouseSinkSettings;
import io.strata.tests.support.ClickHouseService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

/**
 * The ClickHouse sink's rows/s next to a bare batch insert of the same rows over HTTP (RowBinary,
 * 100k-row POSTs, encoded beforehand: the server's own limit here), as a ratio. Not part of the
 * test suite (the name does not end in Test); run it with {@code mvn -B -o -pl tests test
 * -Dtest=ClickHouseSinkBenchmark -Dstrata.bench.rows=2000000} (default 1000000 rows). Job rates are
 * net runtimes (deployment excluded), after a warm-up job.
 */
class ClickHouseSinkBenchmark {
  private static final int ROWS = Integer.getInteger("strata.bench.rows", 1_000_000);
  private static final int CHUNK = 100_000;
  private static final String[] NAMES = {
    "trade_id",
    "account_id",
    "symbol",
    "side",
    "price",
    "quantity",
    "notional",
    "signed_quantity",
    "trade_time"
  };
  private static final String[] TYPES = {
    "STRING NOT NULL",
    "STRING NOT NULL",
    "STRING NOT NULL",
    "STRING",
    "DECIMAL(18, 4)",
    "BIGINT",
    "DECIMAL(18, 4)",
    "BIGINT",
    "TIMESTAMP_LTZ(3) NOT NULL"
  };
  private static final String[] SYMBOLS = {
    "AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "META", "JPM", "V", "XOM"
  };
  private static final long START = 1_795_426_200_000L;

  @Test
  void sinkRowsPerSecondAgainstBareHttpInsert() throws Exception {
    String db = ClickHouseService.uniqueDatabase("strata_bench");
    ClickHouseService.execute("CREATE DATABASE `" + db + "`");
    String columns =
        "trade_id String, account_id String, symbol String, side Nullable(String), price Nullable(Decimal(18, 4)),"
            + " quantity Nullable(Int64), notional Nullable(Decimal(18, 4)), signed_quantity Nullable(Int64), trade_time Int64,"
            + " _version UInt64";
    for (String t : List.of("bare", "sink")) {
      ClickHouseService.execute(
          "CREATE TABLE `"
              + db
              + "`."
              + t
              + " ("
              + columns
              + ") ENGINE = ReplacingMergeTree(_version)"
              + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time, 1000), 'UTC')) ORDER BY trade_id");
    }
    try {
      sinkJob(db, 10_000, ROWS / 10, false); // warm-up: JIT, first MiniCluster of the JVM
      double bare = bareInsert(db);
      double discard = sinkJob(db, CHUNK, ROWS, true);
      double sink = sinkJob(db, CHUNK, ROWS, false);
      double sinkSmall = sinkJob(db, 10_000, ROWS, false);
      long bareSum = ClickHouseService.queryLong("SELECT sum(quantity) FROM `" + db + "`.bare");
      assertThat(ClickHouseService.queryLong("SELECT count() FROM `" + db + "`.sink FINAL"))
          .isEqualTo(ROWS);
      assertThat(ClickHouseService.queryLong("SELECT sum(quantity) FROM `" + db + "`.sink FINAL"))
          .isEqualTo(bareSum);
      System.out.printf(
          "%nClickHouse sink benchmark, %,d DWD trade rows (9 columns), ClickHouse %s:%n",
          ROWS, ClickHouseService.query("SELECT version()").get(0).get(0));
      System.out.printf(
          "  bare HTTP insert (RowBinary, %,d-row POSTs, pre-encoded)  %,12.0f rows/s%n",
          CHUNK, bare);
      System.out.printf(
          "  Flink job -> discarding sink (the job without ClickHouse)       %,12.0f rows/s%n",
          discard);
      System.out.printf(
          "  Flink job -> ClickHouse sink, batch-size 100,000 (default)  %,12.0f rows/s  ratio %.2f%n",
          sink, sink / bare);
      System.out.printf(
          "  Flink job -> ClickHouse sink, batch-size 10,000            %,12.0f rows/s  ratio %.2f%n%n",
          sinkSmall, sinkSmall / bare);
    } finally {
      ClickHouseService.execute("DROP DATABASE IF EXISTS `" + db + "`");
    }
  }

  /** POSTs of pre-encoded RowBinary, one after another: what the server takes over HTTP. */
  private static double bareInsert(String db) throws Exception {
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK * 80);
    for (int i = 0; i < ROWS; i++) {
      encode(i, out);
      if ((i + 1) % CHUNK == 0 || i == ROWS - 1) {
        chunks.add(out.toByteArray());
        out.reset();
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri =
        URI.create(
            ClickHouseService.url()
                + "/?query="
                + URLEncoder.encode(
                    "INSERT INTO `"
                        + db
                        + "`.bare ("
                        + String.join(", ", NAMES)
                        + ", _version) FORMAT RowBinary",
                    StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    for (byte[] chunk : chunks) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(chunk))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    return ROWS / ((System.nanoTime() - t0) / 1e9);
  }

  /** The same rows made by a Flink job and written by the sink, end of input flushed. */
  private static double sinkJob(String db, int batchSize, int rows, boolean discard)
      throws Exception {
    ClickHouseService.execute("TRUNCATE TABLE `" + db + "`.sink");
    List<LogicalType> types = new ArrayList<>();
    for (String t : TYPES) {
      types.add(LogicalTypeParser.parse(t, ClickHouseSinkBenchmark.class.getClassLoader()));
    }
    ClickHouseSinkSettings settings =
        new ClickHouseSinkSettings(
            ClickHouseService.url(),
            "default",
            "",
            db,
            "sink",
            "bench",
            "dwd.trades",
            0,
            List.of(NAMES),
            types,
            batchSize,
            Duration.ofSeconds(1),
            2,
            new ClickHouseRetryPolicy(
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(2)),
            Duration.ofSeconds(60),
            "UTC",
            "trade_time",
            null,
            null);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    RowType rowType = RowType.of(types.toArray(LogicalType[]::new), NAMES);
    DataStream<RowData> generated =
        env.fromSequence(0, rows - 1)
            .map((MapFunction<Long, RowData>) i -> row(i.intValue()))
            .returns(InternalTypeInfo.of(rowType));
    if (discard) {
      generated.sinkTo(new DiscardingSink<>());
    } else {
      generated.sinkTo(new ClickHouseSink(settings));
    }
    // Net runtime: from the job's start on the cluster to its end (deployment excluded).
    long ms = env.execute("clickhouse-sink-benchmark").getNetRuntime();
    return rows / (ms / 1e3);
  }

  private static RowData row(int i) {
    long qty = 100 + i % 900;
    long priceUnscaled = 1_000_000 + (i % 50_000);
    String side = i % 2 == 0 ? "BUY" : "SELL";
    return GenericRowData.of(
        StringData.fromString(tradeId(i)),
        StringData.fromString(account(i)),
        StringData.fromString(SYMBOLS[i % SYMBOLS.length]),
        StringData.fromString(side),
        DecimalData.fromUnscaledLong(priceUnscaled, 18, 4),
        qty,
        DecimalData.fromUnscaledLong(priceUnscaled * qty, 18, 4),
        i % 2 == 0 ? qty : -qty,
        TimestampData.fromEpochMillis(START + i * 10L));
  }

  /** RowBinary of {@link #row}, written independently of the sink's encoder. */
  private static void encode(int i, ByteArrayOutputStream out) {
    long qty = 100 + i % 900;
    long priceUnscaled = 1_000_000 + (i % 50_000);
    string(out, tradeId(i));
    string(out, account(i));
    string(out, SYMBOLS[i % SYMBOLS.length]);
    out.write(0);
    string(out, i % 2 == 0 ? "BUY" : "SELL");
    out.write(0);
    le(out, priceUnscaled);
    out.write(0);
    le(out, qty);
    out.write(0);
    le(out, priceUnscaled * qty);
    out.write(0);
    le(out, i % 2 == 0 ? qty : -qty);
    le(out, START + i * 10L);
    le(out, START + i * 10L);
  }

  private static String tradeId(int i) {
    return "B-" + i;
  }

  private static String account(int i) {
    return "ACC-" + (i % 50);
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length); // all strings here are shorter than 128 bytes: a one-byte varint
    out.write(b, 0, b.length);
  }

  private static void le(ByteArrayOutputStream out, long v) {
    for (int k = 0; k < 8; k++) {
      out.write((int) (v >>> (8 * k)));
    }
  }
}
