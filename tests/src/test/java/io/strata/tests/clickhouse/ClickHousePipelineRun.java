package io.strata.tests.clickhouse;

import io.strata.cli.Pipelines;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingGenerator;
import io.strata.demo.TradingTruth;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.ClickHouseService;
import io.strata.tests.support.KafkaService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One end-to-end run of the test pipeline ({@code clickhouse/pipeline.conf}) against the real Kafka
 * and ClickHouse: unique topics and database, jobs started (or restored from a retained checkpoint)
 * on a local MiniCluster, and the ClickHouse tables read back as comparable text rows.
 */
final class ClickHousePipelineRun {
  final String name;
  final String database;
  final String tradesTopic;
  final String dlqTopic;
  final String sinkDlqTopic;
  final Path dir;
  final Path config;
  final Path checkpoints;

  ClickHousePipelineRun(String test) throws IOException {
    this(test, Duration.ofMinutes(10), false, Duration.ofSeconds(1));
  }

  private final boolean restartOnFailure;

  /**
   * @param retryTimeout the sinks' retry-timeout (how long a batch waits for ClickHouse)
   * @param restartOnFailure restart failed jobs from their last checkpoint (else a failure ends the
   *     job)
   * @param checkpointInterval the pipeline's checkpoint interval
   */
  ClickHousePipelineRun(
      String test, Duration retryTimeout, boolean restartOnFailure, Duration checkpointInterval)
      throws IOException {
    this.restartOnFailure = restartOnFailure;
    String id = ClickHouseService.uniqueDatabase("strata_" + test);
    this.name = id;
    this.database = id;
    this.tradesTopic = KafkaService.uniqueTopic(test + ".trades");
    this.dlqTopic = KafkaService.uniqueTopic(test + ".trades.dlq");
    this.sinkDlqTopic = KafkaService.uniqueTopic(test + ".clickhouse.dlq");
    this.dir = Files.createTempDirectory("strata-" + test);
    this.checkpoints = dir.resolve("checkpoints");
    String template;
    try (InputStream in =
        ClickHousePipelineRun.class.getResourceAsStream("/clickhouse/pipeline.conf")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path schema = repoRoot().resolve("configs/trading/schemas/trade.avsc");
    String text =
        template
            .replace("@NAME@", name)
            .replace("@KAFKA@", KafkaService.bootstrap())
            .replace("@CLICKHOUSE@", ClickHouseService.url())
            .replace("@DATABASE@", database)
            .replace("@TRADES_TOPIC@", tradesTopic)
            .replace("@DLQ_TOPIC@", dlqTopic)
            .replace("@SINK_DLQ_TOPIC@", sinkDlqTopic)
            .replace("@TRADE_SCHEMA@", schema.toString())
            .replace("@RETRY_TIMEOUT@", retryTimeout.toMillis() + "ms")
            .replace("@CHECKPOINT_INTERVAL@", checkpointInterval.toMillis() + "ms");
    this.config = dir.resolve("pipeline.conf");
    Files.writeString(config, text);
    KafkaService.createTopic(tradesTopic, 1);
    KafkaService.createTopic(dlqTopic, 1);
    KafkaService.createTopic(sinkDlqTopic, 1);
  }

  /** Produces scenario trades (their bytes, to this run's trades topic). */
  void produce(List<ScenarioRecord> records) {
    try (KafkaProducer<byte[], byte[]> producer =
        TradingGenerator.producer(KafkaService.bootstrap())) {
      for (ScenarioRecord r : records) {
        producer.send(new ProducerRecord<>(tradesTopic, r.key(), r.value()));
      }
      producer.flush();
    }
  }

  /**
   * Starts the pipeline (creating its ClickHouse tables), restoring from {@code checkpoint} if not
   * null.
   */
  JobClient start(Path checkpoint) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    conf.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    conf.setString("execution.checkpointing.num-retained", "3");
    if (restartOnFailure) {
      CapturedMetrics.configure(conf); // numRestarts, when started inside CapturedMetrics.run
      conf.setString("restart-strategy.type", "fixed-delay");
      conf.setString("restart-strategy.fixed-delay.attempts", "1000");
      conf.setString("restart-strategy.fixed-delay.delay", "1 s");
    } else {
      conf.setString("restart-strategy.type", "none");
    }
    if (checkpoint != null) {
      conf.setString("execution.savepoint.path", checkpoint.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    LayerGraph graph = Pipelines.load(config);
    JobContext ctx =
        Pipelines.compose(graph, env, RunOptions.continuous(), new KafkaDeadLetterOutput());
    JobComposer.prepareSinks(ctx);
    return env.executeAsync("strata:" + name);
  }

  /** The newest completed checkpoint of any job of this run, if one exists. */
  Optional<Path> latestCheckpoint() throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(checkpoints, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max(Comparator.comparingLong((Path p) -> lastModified(p.resolve("_metadata"))));
    }
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A checkpoint completed after {@code after} (by file time), waiting up to {@code timeout}. */
  Path awaitCheckpointAfter(long after, Duration timeout) throws Exception {
    AtomicReference<Path> found = new AtomicReference<>();
    await(
        "a checkpoint",
        timeout,
        () -> {
          try {
            Optional<Path> p = latestCheckpoint();
            if (p.isPresent() && lastModified(p.get().resolve("_metadata")) > after) {
              found.set(p.get());
              return true;
            }
            return false;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return found.get();
  }

  // ------------------------------------------------------------------------------------------
  // ClickHouse contents, as text rows comparable with TradingTruth
  // ------------------------------------------------------------------------------------------

  String table(String name) {
    return "`" + database + "`.`" + name + "`";
  }

  List<String> dwdTradesFinal() {
    return rows(
        "SELECT trade_id, account_id, symbol, side, toString(price), quantity, toString(notional),"
            + " signed_quantity, trade_time FROM "
            + table("dwd_trades")
            + " FINAL",
        4,
        6);
  }

  List<String> symbolMinuteFinal() {
    return rows(
        "SELECT window_start, window_end, symbol, trade_count, volume, toString(notional), toString(vwap),"
            + " toString(high), toString(low) FROM "
            + table("dws_symbol_minute")
            + " FINAL",
        5,
        6,
        7,
        8);
  }

  List<String> accountMinuteFinal() {
    return rows(
        "SELECT window_start, window_end, account_id, trade_count, volume, net_quantity, toString(notional)"
            + " FROM "
            + table("dws_account_minute")
            + " FINAL",
        6);
  }

  long count(String table, boolean fin) {
    return ClickHouseService.queryLong(
        "SELECT count() FROM " + table(table) + (fin ? " FINAL" : ""));
  }

  static List<String> expectedDwdTrades(TradingTruth truth) {
    return sorted(
        truth.dwdTrades().stream()
            .map(
                t ->
                    String.join(
                        "|",
                        t.tradeId(),
                        t.accountId(),
                        t.symbol(),
                        t.side(),
                        dec(t.price()),
                        String.valueOf(t.quantity()),
                        dec(t.notional()),
                        String.valueOf(t.signedQuantity()),
                        String.valueOf(t.tradeTime().toEpochMilli())))
            .toList());
  }

  static List<String> expectedSymbolMinute(TradingTruth truth) {
    return sorted(
        truth.symbolMinuteClosed().stream()
            .map(
                r ->
                    String.join(
                        "|",
                        String.valueOf(r.windowStart().toEpochMilli()),
                        String.valueOf(r.windowEnd().toEpochMilli()),
                        r.symbol(),
                        String.valueOf(r.tradeCount()),
                        String.valueOf(r.volume()),
                        dec(r.notional()),
                        dec(r.vwap()),
                        dec(r.high()),
                        dec(r.low())))
            .toList());
  }

  static List<String> expectedAccountMinute(TradingTruth truth) {
    return sorted(
        truth.accountMinuteClosed().stream()
            .map(
                r ->
                    String.join(
                        "|",
                        String.valueOf(r.windowStart().toEpochMilli()),
                        String.valueOf(r.windowEnd().toEpochMilli()),
                        r.accountId(),
                        String.valueOf(r.tradeCount()),
                        String.valueOf(r.volume()),
                        String.valueOf(r.netQuantity()),
                        dec(r.notional())))
            .toList());
  }

  private static List<String> rows(String sql, int... decimalColumns) {
    List<String> out = new ArrayList<>();
    for (List<String> r : ClickHouseService.query(sql)) {
      List<String> f = new ArrayList<>(r);
      for (int i : decimalColumns) {
        f.set(i, dec(new BigDecimal(f.get(i))));
      }
      out.add(String.join("|", f));
    }
    return sorted(out);
  }

  private static String dec(BigDecimal d) {
    return d == null ? "\\N" : d.setScale(4).toPlainString();
  }

  private static List<String> sorted(List<String> rows) {
    List<String> s = new ArrayList<>(rows);
    s.sort(null);
    return s;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("services"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "repository root not found above " + Path.of("").toAbsolutePath());
  }

  /** Keeps every written copy of a row visible (without FINAL), to show what replacement hides. */
  void stopMerges() {
    for (String t : List.of("dwd_trades", "dws_symbol_minute", "dws_account_minute")) {
      ClickHouseService.execute("SYSTEM STOP MERGES " + table(t));
    }
  }

  /** Drops this run's database (its tables) from ClickHouse. */
  void dropDatabase() {
    ClickHouseService.execute("DROP DATABASE IF EXISTS `" + database + "`");
  }
}
