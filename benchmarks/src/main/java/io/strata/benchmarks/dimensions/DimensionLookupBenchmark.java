package io.strata.benchmarks.dimensions;

import io.strata.dimensions.DimensionWriter;
import io.strata.dimensions.LookupTable;
import io.strata.dimensions.hbase.HBaseStore;
import io.strata.layers.definition.CacheDef;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * Dimension enrichment on a real HBase: records/s and p99 per-record latency of the lookup join as
 * Strata generates it (the store's lookup-table DDL, {@code LEFT JOIN ... FOR SYSTEM_TIME AS OF}),
 * async lookups with the partial cache (90% of records hit the cache) against synchronous uncached
 * lookups, in the same JVM, printed as ratios.
 *
 * <p>Throughput: each mode enriches {@code --records} records from an unthrottled generator
 * (counted from the first to the last enriched record). Latency: each mode then enriches records
 * generated at the same fixed rate (half the slower mode's throughput, so neither queues), and the
 * time from generation to enriched row is taken per record.
 *
 * <pre>
 *   bin/services start hbase
 *   java ... io.strata.benchmarks.dimensions.DimensionLookupBenchmark [--records 100000]
 *       [--latency-seconds 15] [--zookeeper 127.0.0.1:12181] [--rounds 2]
 * </pre>
 */
public final class DimensionLookupBenchmark {
  private static final int HOT_KEYS = 100;
  private static final ConcurrentLinkedQueue<long[]> SAMPLES = new ConcurrentLinkedQueue<>();

  record Result(String mode, double recordsPerSecond, double p50Millis, double p99Millis) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    long records = Long.parseLong(opts.getOrDefault("records", "100000"));
    int latencySeconds = Integer.parseInt(opts.getOrDefault("latency-seconds", "15"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
    String quorum =
        opts.getOrDefault(
            "zookeeper", System.getenv().getOrDefault("STRATA_HBASE_ZOOKEEPER", "127.0.0.1:12181"));
    String table = "strata_bench:instruments";

    ConnectionDef connection =
        new ConnectionDef("hbase", "hbase", Map.of("zookeeper-quorum", quorum), Set.of(), null);
    long maxIndex = 4 * records;
    System.out.printf(
        "loading %d hot + %d cold keys into HBase %s (%s)...%n",
        HOT_KEYS, maxIndex / 10, table, quorum);
    load(dimension(table, "true", null), connection, maxIndex);

    DimensionDef asyncCached =
        dimension(table, "true", new CacheDef(10_000, Duration.ofMinutes(10), null));
    DimensionDef syncUncached = dimension(table, "false", null);
    List<Result> results = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      boolean warmUp = round == 0;
      long n = warmUp ? Math.min(records, 20_000) : records;
      Result sync = throughput("sync, no cache", syncUncached, connection, n);
      Result async = throughput("async + cache", asyncCached, connection, n);
      System.out.printf(
          "%s %d: sync uncached %,.0f rec/s; async + cache %,.0f rec/s%n",
          warmUp ? "warm-up" : "round", round, sync.recordsPerSecond(), async.recordsPerSecond());
      if (!warmUp) {
        results.add(sync);
        results.add(async);
      }
    }
    double syncRate =
        results.stream()
            .filter(r -> r.mode().startsWith("sync"))
            .mapToDouble(Result::recordsPerSecond)
            .average()
            .orElse(0);
    double asyncRate =
        results.stream()
            .filter(r -> r.mode().startsWith("async"))
            .mapToDouble(Result::recordsPerSecond)
            .average()
            .orElse(0);
    int rate =
        (int)
            Math.max(
                100, Math.min(Math.min(syncRate, asyncRate) / 2, 4.0 * records / latencySeconds));
    Result syncLatency = latency("sync, no cache", syncUncached, connection, rate, latencySeconds);
    Result asyncLatency = latency("async + cache", asyncCached, connection, rate, latencySeconds);

    System.out.println();
    System.out.println(
        "Dimension enrichment on HBase 2.6 standalone, 1 task, 90% cache hits for async + cache");
    System.out.printf(
        Locale.ROOT, "%-16s %14s %12s %12s%n", "mode", "records/s", "p50 ms", "p99 ms");
    System.out.printf(
        Locale.ROOT,
        "%-16s %,14.0f %12.2f %12.2f%n",
        "sync, no cache",
        syncRate,
        syncLatency.p50Millis(),
        syncLatency.p99Millis());
    System.out.printf(
        Locale.ROOT,
        "%-16s %,14.0f %12.2f %12.2f%n",
        "async + cache",
        asyncRate,
        asyncLatency.p50Millis(),
        asyncLatency.p99Millis());
    System.out.printf(
        Locale.ROOT,
        "throughput ratio (async + cache / sync uncached): %.1fx%n",
        asyncRate / syncRate);
    System.out.printf(
        Locale.ROOT,
        "p99 latency ratio (sync uncached / async + cache): %.2fx (at %d records/s for both)%n",
        syncLatency.p99Millis() / asyncLatency.p99Millis(),
        rate);
    if (opts.containsKey("variants")) {
      // Where the difference comes from: each ingredient alone (throughput, then latency at the
      // same rate).
      System.out.println("ingredients alone:");
      for (DimensionDef v :
          List.of(
              dimension(table, "true", null),
              dimension(table, "false", new CacheDef(10_000, Duration.ofMinutes(10), null)))) {
        String name =
            ("true".equals(v.storeOptions().get("async")) ? "async" : "sync")
                + (v.cache() == null ? ", no cache" : " + cache");
        throughput(name, v, connection, Math.min(records, 20_000));
        Result t = throughput(name, v, connection, records);
        Result r = latency(name, v, connection, rate, latencySeconds);
        System.out.printf(
            Locale.ROOT,
            "%-16s %,14.0f %12.2f %12.2f%n",
            name,
            t.recordsPerSecond(),
            r.p50Millis(),
            r.p99Millis());
      }
    }
    System.exit(0);
  }

  static DimensionDef dimension(String table, String async, CacheDef cache) {
    List<ColumnDef> columns =
        List.of(
            new ColumnDef("symbol", "STRING", null), new ColumnDef("exchange", "STRING", null),
            new ColumnDef("currency", "STRING", null), new ColumnDef("lot_size", "INT", null));
    Map<String, String> store = new LinkedHashMap<>();
    store.put("column-family", "d");
    store.put("async", async);
    store.put("cache-missing-keys", "false");
    return new DimensionDef(
        "instruments", "hbase", table, "symbol", store, columns, cache, null, null);
  }

  static String key(long i) {
    return i % 10 == 0 ? "C" + i : "H" + (i % HOT_KEYS);
  }

  /** Hot keys H0..H99 and every cold key C0, C10, ... below maxIndex: every lookup finds a row. */
  private static void load(DimensionDef d, ConnectionDef c, long maxIndex) throws Exception {
    try (DimensionWriter w = new HBaseStore().openWriter(d, c)) {
      for (int i = 0; i < HOT_KEYS; i++) {
        w.write(row("H" + i, i));
      }
      for (long i = 0; i < maxIndex; i += 10) {
        w.write(row("C" + i, (int) i));
      }
      w.flush();
    }
  }

  private static Map<String, Object> row(String key, int i) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("symbol", key);
    r.put("exchange", i % 2 == 0 ? "NASDAQ" : "NYSE");
    r.put("currency", "USD");
    r.put("lot_size", 1 + i % 100);
    return r;
  }

  private static Result throughput(String mode, DimensionDef d, ConnectionDef c, long records)
      throws Exception {
    long[] times = run(d, c, records, 0);
    Arrays.sort(times);
    double seconds = (times[times.length - 1] - times[0]) / 1e9;
    return new Result(mode, times.length / Math.max(seconds, 1e-9), 0, 0);
  }

  private static Result latency(String mode, DimensionDef d, ConnectionDef c, int rate, int seconds)
      throws Exception {
    run(d, c, (long) rate * seconds, rate);
    // The first second includes connection set-up; measure the steady state.
    int skip = Math.min(rate, SAMPLES.size() / 2);
    long[] steady = SAMPLES.stream().skip(skip).mapToLong(s -> s[1] - s[0]).sorted().toArray();
    return new Result(mode, 0, percentile(steady, 0.50) / 1e6, percentile(steady, 0.99) / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** Runs one enrichment job; returns the nano time at which each enriched record arrived. */
  private static long[] run(DimensionDef d, ConnectionDef c, long records, int rate)
      throws Exception {
    SAMPLES.clear();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(1);
    StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
    GeneratorFunction<Long, Row> gen = i -> Row.of(key(i), System.nanoTime());
    DataGeneratorSource<Row> source =
        new DataGeneratorSource<>(
            gen,
            records,
            rate > 0 ? RateLimiterStrategy.perSecond(rate) : RateLimiterStrategy.noOp(),
            Types.ROW_NAMED(new String[] {"symbol", "emitted"}, Types.STRING, Types.LONG));
    DataStream<Row> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "generator");
    tEnv.createTemporaryView(
        "input",
        input,
        Schema.newBuilder()
            .column("symbol", "STRING")
            .column("emitted", "BIGINT")
            .columnByExpression("pt", "PROCTIME()")
            .build());
    LookupTable lt = new HBaseStore().lookupTable(d, c, "instruments");
    tEnv.executeSql(lt.ddl());
    Table out =
        tEnv.sqlQuery(
            "SELECT /*+ LOOKUP('table'='dim', 'output-mode'='ordered') */ i.symbol, i.emitted, "
                + lt.column("dim", "exchange")
                + " AS exchange, "
                + lt.column("dim", "lot_size")
                + " AS lot_size FROM input AS i LEFT JOIN instruments FOR SYSTEM_TIME AS OF i.pt AS dim ON "
                + lt.key("dim")
                + " = i.symbol");
    tEnv.toDataStream(out).addSink(new LatencySink()).name("latency");
    env.execute("dimension-benchmark");
    return SAMPLES.stream().mapToLong(s -> s[1]).toArray();
  }

  /** Records generation and arrival time of every enriched record (one task, same JVM). */
  static final class LatencySink implements SinkFunction<Row> {
    @Override
    public void invoke(Row row, Context context) {
      if (row.getField(2) == null) {
        throw new IllegalStateException("lookup found no row for " + row.getField(0));
      }
      SAMPLES.add(new long[] {(Long) row.getField(1), System.nanoTime()});
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
