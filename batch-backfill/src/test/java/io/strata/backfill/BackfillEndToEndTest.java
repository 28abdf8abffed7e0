package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.cli.Pipelines;
import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.connectors.doris.DorisFrontendClient;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingGenerator;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The trading pipeline real-time into ClickHouse and into Doris (Strata's Doris emulator) over
 * generated trades with late ones (so its DWS partitions are wrong by a known amount), the archive
 * job into Hive, then the backfill: refused over max-correction (nothing swapped in either store),
 * swapped with --force, idempotent, and fenced against later real-time writes in both stores. Every
 * expectation comes from demo's TradingTruth (plain Java): the streaming truth, and the batch truth
 * computed with a watermark delay no trade can exceed (nothing late).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class BackfillEndToEndTest {
  private static final int TRADES = 3000;
  private static final LocalDate DAY = LocalDate.parse("2026-11-23");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String database = "strata_backfill_" + run;
  private List<ScenarioRecord> records;
  private TradingTruth realtime;
  private TradingTruth batch;
  private Path config;
  private ClickHouseHttp clickhouse;
  private DorisFrontendClient doris;
  private String configText;
  private Path dir;

  @BeforeAll
  @Timeout(200)
  void realtimeAndArchive() throws Exception {
    TradingScenario scenario =
        TradingScenario.generate(
            TradingScenario.Options.defaults().withTrades(TRADES).withSeed(20261123L));
    records = scenario.records();
    realtime = TradingTruth.compute(records, TradingTruth.Settings.flinkSqlDecimals());
    TradingTruth.Settings p = TradingTruth.Settings.flinkSqlDecimals();
    batch =
        TradingTruth.compute(
            records,
            new TradingTruth.Settings(
                Duration.ofDays(3650),
                p.quotesWatermarkDelay(),
                p.window(),
                p.dedupWithin(),
                p.vwapIntermediateScale()));
    assertThat(realtime.lateTrades()).as("the scenario has late trades").isNotEmpty();
    assertThat(batch.lateTrades()).isEmpty();

    String kafka = BackfillServices.kafka();
    clickhouse =
        new ClickHouseHttp(BackfillServices.clickhouse(), "default", null, Duration.ofSeconds(60));
    dir = Files.createTempDirectory("strata-backfill-e2e");
    doris =
        DorisFrontendClient.of(
            new io.strata.layers.definition.ConnectionDef(
                "doris",
                "doris",
                Map.of("fe-nodes", BackfillServices.doris()),
                java.util.Set.of(),
                io.strata.layers.config.Origin.UNKNOWN));
    String text =
        BackfillServices.pipelineTemplate("/backfill/pipeline.conf", "backfill", run, database, dir)
            .replace("@DORIS@", BackfillServices.doris())
            .replace("@MAX_CORRECTION@", "0.1%");
    configText = text;
    config = dir.resolve("pipeline.conf");
    Files.writeString(config, text.replace("@LABEL@", "bf_" + run));

    try (KafkaProducer<byte[], byte[]> producer = TradingGenerator.producer(kafka)) {
      for (ScenarioRecord r : records) {
        String topic =
            r.topic().equals(TradingScenario.TRADES_TOPIC)
                ? "backfill.trades." + run
                : "backfill.quotes." + run;
        producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
      }
      producer.flush();
    }
    runRealtime("");
    assertThat(symbolMinuteInClickHouse()).isEqualTo(expectedSymbolMinute(realtime));
    assertThat(symbolMinuteInDoris()).isEqualTo(expectedSymbolMinute(realtime));
    assertThat(accountMinuteInDoris()).isEqualTo(expectedAccountMinute(realtime));
    for (List<String> r :
        doris.query(database, "SELECT window_end, _version FROM dws_symbol_minute")) {
      assertThat(Long.parseLong(r.get(1)))
          .as("a real-time row's version is its window end in epoch ms")
          .isEqualTo(epochMillis(r.get(0)));
    }

    ArchiveJob.run(Pipelines.load(config), true);
  }

  @AfterAll
  void dropDatabases() throws Exception {
    if (clickhouse != null) {
      clickhouse.execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
    if (doris != null) {
      // The emulator has no DROP DATABASE; the tables (and their temporary partitions) go.
      doris.execute(database, "DROP TABLE IF EXISTS `" + database + "`.`dws_symbol_minute`");
      doris.execute(database, "DROP TABLE IF EXISTS `" + database + "`.`dws_account_minute`");
      doris.execute(database, "DROP TABLE IF EXISTS `" + database + "`.`" + OUTAGE_TABLE + "`");
    }
  }

  @Test
  @Order(6)
  void aDayWithoutArchiveIsRefusedBeforeAnythingIsTouched() {
    assertThatThrownBy(
            () ->
                Backfill.run(
                    new Backfill.Request(
                        Pipelines.load(config), DAY.plusDays(1), List.of(), true, false, null)))
        .hasMessageContaining("has no partition dt='2026-11-24'");
  }

  private void runRealtime(String groupSuffix) throws Exception {
    // A fresh job starts its Doris labels at checkpoint 1 again: a replay needs its own label
    // prefix.
    Path run = dir.resolve("pipeline-realtime" + groupSuffix + ".conf");
    Files.writeString(
        run, configText.replace("@LABEL@", ("bf_" + this.run + groupSuffix).replace('-', '_')));
    LayerGraph graph = Pipelines.load(run);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobContext ctx =
        JobComposer.compose(
            graph,
            env,
            RunOptions.untilEndOfTopics().withConsumerGroupSuffix(groupSuffix),
            new KafkaDeadLetterOutput());
    JobComposer.prepareSinks(ctx);
    env.execute("backfill-e2e-realtime-" + run);
  }

  private CorrectionReport backfill(boolean force) throws Exception {
    return Backfill.run(
        new Backfill.Request(Pipelines.load(config), DAY, List.of(), force, false, null));
  }

  @Test
  @Order(1)
  void archiveHoldsEveryDecodedTradeOfTheDay() throws Exception {
    // ODS out = every decodable trade (filtered and duplicate ones included: the archive is as
    // received).
    Map<io.strata.layers.definition.TableRef, Recompute.Result> r =
        Recompute.run(
            Pipelines.load(config),
            DAY,
            List.of(io.strata.layers.definition.TableRef.parse("dws.symbol_minute")));
    assertThat(r.values().iterator().next().rows()).hasSize(batch.symbolMinute().size());
  }

  @Test
  @Order(2)
  void correctionOverTheThresholdIsRefusedWithTheReport() throws Exception {
    Map<String, String> before = symbolMinuteInClickHouse();
    String dorisBefore = dorisRows("dws_symbol_minute") + dorisRows("dws_account_minute");
    assertThatThrownBy(() -> backfill(false))
        .isInstanceOf(Backfill.CorrectionRefused.class)
        .hasMessageContaining("over backfill.max-correction 0.1000%")
        .hasMessageContaining("--force")
        .satisfies(e -> checkReport(((Backfill.CorrectionRefused) e).report(), "refused"));
    assertThat(symbolMinuteInClickHouse()).as("nothing swapped").isEqualTo(before);
    assertThat(dorisRows("dws_symbol_minute") + dorisRows("dws_account_minute"))
        .as("nothing swapped in Doris")
        .isEqualTo(dorisBefore);
    List<List<String>> staged =
        doris.query(
            database,
            "SELECT _version FROM dws_symbol_minute TEMPORARY PARTITION (tp_backfill_20261123)");
    assertThat(staged)
        .as("the recompute stays staged in the temporary partition")
        .hasSize(batch.symbolMinute().size());
    assertThat(staged)
        .allSatisfy(r -> assertThat(Long.parseLong(r.get(0))).isGreaterThan(1L << 62));
  }

  @Test
  @Order(3)
  void forceSwapsTheBatchTruthIn() throws Exception {
    CorrectionReport report = backfill(true);
    checkReport(report, "swapped");
    assertThat(symbolMinuteInClickHouse()).isEqualTo(expectedSymbolMinute(batch));
    assertThat(accountMinuteInClickHouse()).isEqualTo(expectedAccountMinute(batch));
    assertThat(symbolMinuteInDoris()).isEqualTo(expectedSymbolMinute(batch));
    assertThat(accountMinuteInDoris()).isEqualTo(expectedAccountMinute(batch));
    assertThat(report.tables())
        .extracting(TableCorrection::target)
        .containsExactlyInAnyOrder(
            "clickhouse " + database + ".dws_symbol_minute",
                "doris " + database + ".dws_symbol_minute",
            "clickhouse " + database + ".dws_account_minute",
                "doris " + database + ".dws_account_minute");
    assertThatThrownBy(
            () ->
                doris.query(
                    database,
                    "SELECT * FROM dws_symbol_minute TEMPORARY PARTITION (tp_backfill_20261123)"))
        .as("REPLACE consumed the temporary partition")
        .hasMessageContaining("Unknown partition");
    List<List<String>> stored =
        clickhouse.query(
            "SELECT status, count() FROM `"
                + database
                + "`.strata_backfill_corrections GROUP BY status ORDER BY status");
    assertThat(stored).containsExactly(List.of("refused", "4"), List.of("swapped", "4"));
  }

  @Test
  @Order(4)
  void aSecondBackfillOfTheSameDayChangesNothing() throws Exception {
    String before =
        clickhouse
            .query(
                "SELECT * FROM `"
                    + database
                    + "`.dws_symbol_minute FINAL ORDER BY symbol, window_start")
            .toString();
    String dorisBefore = dorisRows("dws_symbol_minute") + dorisRows("dws_account_minute");
    CorrectionReport report = backfill(false);
    assertThat(report.status()).isEqualTo("unchanged");
    assertThat(report.correction()).isZero();
    for (TableCorrection t : report.tables()) {
      assertThat(t.onlyBatch() + t.onlyRealtime() + t.changed()).isZero();
    }
    assertThat(
            clickhouse
                .query(
                    "SELECT * FROM `"
                        + database
                        + "`.dws_symbol_minute FINAL ORDER BY symbol, window_start")
                .toString())
        .isEqualTo(before);
    assertThat(report.tables()).hasSize(4);
    assertThat(dorisRows("dws_symbol_minute") + dorisRows("dws_account_minute"))
        .isEqualTo(dorisBefore);
  }

  @Test
  @Order(5)
  void aLaterRealtimeWriteNeitherUndoesNorDoublesTheBackfill() throws Exception {
    // The real-time job replays every topic from the start (a new consumer group: as after a
    // restore from an old checkpoint) and writes its late-less, wrong rows into the partition
    // again.
    runRealtime("-replay");
    assertThat(symbolMinuteInClickHouse()).isEqualTo(expectedSymbolMinute(batch));
    assertThat(accountMinuteInClickHouse()).isEqualTo(expectedAccountMinute(batch));
    clickhouse.execute("OPTIMIZE TABLE `" + database + "`.dws_symbol_minute FINAL");
    assertThat(
            clickhouse
                .query("SELECT count(), sum(trade_count) FROM `" + database + "`.dws_symbol_minute")
                .get(0))
        .containsExactly(
            String.valueOf(batch.symbolMinute().size()),
            String.valueOf(
                batch.symbolMinute().stream()
                    .mapToLong(TradingTruth.SymbolMinute::tradeCount)
                    .sum()));
    assertThat(symbolMinuteInDoris()).isEqualTo(expectedSymbolMinute(batch));
    assertThat(accountMinuteInDoris()).isEqualTo(expectedAccountMinute(batch));
    assertThat(doris.query(database, "SELECT _version FROM dws_symbol_minute"))
        .hasSize(batch.symbolMinute().size())
        .allSatisfy(
            r ->
                assertThat(Long.parseLong(r.get(0)))
                    .as("every row is still the backfilled one")
                    .isGreaterThan(1L << 62));
  }

  private static final String OUTAGE_TABLE = "dws_account_minute_outage";

  @Test
  @Order(7)
  void aDayTheRealtimeJobNeverWroteToDorisIsStillSwappedIn() throws Exception {
    // dws.account_minute to a Doris table only, which the real-time job never wrote: an outage all
    // day. In Doris that day has no auto partition, and REPLACE PARTITION refuses a missing one.
    Path outage = dir.resolve("pipeline-outage.conf");
    Files.writeString(
        outage,
        configText.replace("@LABEL@", "bf_" + run + "_outage")
            + "\ndws.account_minute.sinks = [ { type = doris, connection = doris, table = "
            + OUTAGE_TABLE
            + " } ]\n");
    LayerGraph graph = Pipelines.load(outage);
    JobComposer.prepareSinks(
        JobComposer.compose(
            graph,
            StreamExecutionEnvironment.getExecutionEnvironment(new Configuration()),
            RunOptions.untilEndOfTopics(),
            new KafkaDeadLetterOutput()));
    assertThat(doris.query(database, "SHOW PARTITIONS FROM " + OUTAGE_TABLE))
        .as("no row, no auto partition")
        .isEmpty();
    doris.execute(
        database,
        "ALTER TABLE "
            + OUTAGE_TABLE
            + " ADD TEMPORARY PARTITION tp_probe VALUES [(\"2026-11-23\"), (\"2026-11-24\"))");
    assertThatThrownBy(
            () ->
                doris.execute(
                    database,
                    "ALTER TABLE "
                        + OUTAGE_TABLE
                        + " REPLACE PARTITION (p20261123000000)"
                        + " WITH TEMPORARY PARTITION (tp_probe)"))
        .as("what the backfill met before it added the partition")
        .hasMessageContaining("Partition[p20261123000000] does not exist");
    doris.execute(database, "ALTER TABLE " + OUTAGE_TABLE + " DROP TEMPORARY PARTITION tp_probe");
    long storedBefore = storedReportRows();

    Path reports = dir.resolve("reports");
    CorrectionReport report =
        Backfill.run(
            new Backfill.Request(
                graph, DAY, List.of(TableRef.parse("dws.account_minute")), true, false, reports));

    assertThat(report.status()).isEqualTo("swapped");
    TableCorrection t = report.tables().get(0);
    assertThat(report.tables())
        .extracting(TableCorrection::target)
        .containsExactly("doris " + database + "." + OUTAGE_TABLE);
    assertThat(t.realtimeRows()).isZero();
    assertThat(t.onlyBatch()).isEqualTo(batch.accountMinute().size());
    assertThat(doris.query(database, "SHOW PARTITIONS FROM " + OUTAGE_TABLE))
        .extracting(r -> r.get(1))
        .containsExactly("p20261123000000");
    assertThat(accountMinuteInDoris(OUTAGE_TABLE)).isEqualTo(expectedAccountMinute(batch));
    assertThat(doris.query(database, "SELECT _version FROM " + OUTAGE_TABLE))
        .allSatisfy(r -> assertThat(Long.parseLong(r.get(0))).isGreaterThan(1L << 62));
    // No ClickHouse target: the report says where it is instead of being silently absent from the
    // table.
    assertThat(report.notDone())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("correction report: not stored in a table")
                    .contains("strata_backfill_corrections", reports.toString()));
    assertThat(
            Files.readString(
                reports
                    .resolve(graph.pipeline().settings().name())
                    .resolve(DAY.toString())
                    .resolve(report.runId())
                    .resolve("report.txt")))
        .contains("not stored in a table");
    assertThat(storedReportRows()).isEqualTo(storedBefore);
  }

  /** Rows of the ClickHouse report table, 0 while it does not exist (this test may run alone). */
  private long storedReportRows() throws Exception {
    String exists =
        clickhouse
            .query(
                "SELECT count() FROM system.tables WHERE database = '"
                    + database
                    + "' AND name = 'strata_backfill_corrections'")
            .get(0)
            .get(0);
    return "0".equals(exists)
        ? 0
        : Long.parseLong(
            clickhouse
                .query("SELECT count() FROM `" + database + "`.strata_backfill_corrections")
                .get(0)
                .get(0));
  }

  private void checkReport(CorrectionReport report, String status) {
    System.out.print(report.text());
    assertThat(report.status()).isEqualTo(status);
    List<TableCorrection> symbolMinute =
        report.tables().stream().filter(t -> t.table().equals("dws.symbol_minute")).toList();
    assertThat(symbolMinute)
        .extracting(TableCorrection::target)
        .containsExactly(
            "clickhouse " + database + ".dws_symbol_minute",
            "doris " + database + ".dws_symbol_minute");
    assertThat(symbolMinute)
        .extracting(TableCorrection::partition)
        .containsExactly("20261123", "p20261123000000");
    symbolMinute.forEach(this::checkSymbolMinute);
    assertThat(report.correction()).isGreaterThan(0.001);
    assertThat(report.text())
        .contains(
            "dws.symbol_minute",
            "volume",
            "top keys by delta",
            "doris " + database + ".dws_symbol_minute");
    assertThat(report.json()).contains("\"onlyBatch\"");
    assertThat(report.notDone()).isEmpty();
  }

  /** One target's correction of dws.symbol_minute: exactly the late trades, by TradingTruth. */
  private void checkSymbolMinute(TableCorrection sym) {
    Map<String, String[]> rt = new TreeMap<>();
    realtime
        .symbolMinute()
        .forEach(m -> rt.put(m.windowStart() + "|" + m.symbol(), symbolValues(m)));
    Map<String, String[]> bt = new TreeMap<>();
    batch.symbolMinute().forEach(m -> bt.put(m.windowStart() + "|" + m.symbol(), symbolValues(m)));
    long onlyBatch = bt.keySet().stream().filter(k -> !rt.containsKey(k)).count();
    long changed =
        bt.keySet().stream()
            .filter(k -> rt.containsKey(k) && !java.util.Arrays.equals(rt.get(k), bt.get(k)))
            .count();
    assertThat(sym.realtimeRows()).isEqualTo(realtime.symbolMinute().size());
    assertThat(sym.batchRows()).isEqualTo(batch.symbolMinute().size());
    assertThat(sym.onlyBatch()).isEqualTo(onlyBatch);
    assertThat(sym.onlyRealtime()).isZero();
    assertThat(sym.changed()).isEqualTo(changed).isPositive();
    TableCorrection.MeasureDelta volume =
        sym.measures().stream().filter(m -> m.measure().equals("volume")).findFirst().orElseThrow();
    long rtVolume =
        realtime.symbolMinute().stream().mapToLong(TradingTruth.SymbolMinute::volume).sum();
    long btVolume =
        batch.symbolMinute().stream().mapToLong(TradingTruth.SymbolMinute::volume).sum();
    long lateVolume =
        realtime.lateTrades().stream().mapToLong(TradingTruth.DwdTrade::quantity).sum();
    assertThat(btVolume - rtVolume).isEqualTo(lateVolume);
    assertThat(volume.realtime()).isEqualByComparingTo(BigDecimal.valueOf(rtVolume));
    assertThat(volume.batch()).isEqualByComparingTo(BigDecimal.valueOf(btVolume));
    assertThat(volume.absDelta()).isEqualByComparingTo(BigDecimal.valueOf(lateVolume));
    assertThat(volume.relDelta())
        .isCloseTo((double) lateVolume / rtVolume, org.assertj.core.data.Offset.offset(1e-12));
    TableCorrection.MeasureDelta count =
        sym.measures().stream()
            .filter(m -> m.measure().equals("trade_count"))
            .findFirst()
            .orElseThrow();
    assertThat(count.absDelta())
        .isEqualByComparingTo(BigDecimal.valueOf(realtime.lateTrades().size()));
    TableCorrection.MeasureDelta notional =
        sym.measures().stream()
            .filter(m -> m.measure().equals("notional"))
            .findFirst()
            .orElseThrow();
    BigDecimal lateNotional =
        realtime.lateTrades().stream()
            .map(TradingTruth.DwdTrade::notional)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(notional.batch().subtract(notional.realtime())).isEqualByComparingTo(lateNotional);
    assertThat(sym.topKeys()).isNotEmpty();
  }

  private static String[] symbolValues(TradingTruth.SymbolMinute m) {
    return new String[] {
      String.valueOf(m.tradeCount()),
      String.valueOf(m.volume()),
      plain(m.notional()),
      plain(m.vwap()),
      plain(m.high()),
      plain(m.low())
    };
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  private Map<String, String> symbolMinuteInClickHouse() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (List<String> r :
        clickhouse.query(
            "SELECT window_start, symbol, trade_count, volume, notional, vwap, high, low FROM `"
                + database
                + "`.dws_symbol_minute FINAL")) {
      out.put(
          r.get(0) + "|" + r.get(1),
          String.join(
              ",",
              r.get(2),
              r.get(3),
              plain(new BigDecimal(r.get(4))),
              plain(new BigDecimal(r.get(5))),
              plain(new BigDecimal(r.get(6))),
              plain(new BigDecimal(r.get(7)))));
    }
    return out;
  }

  private static Map<String, String> expectedSymbolMinute(TradingTruth truth) {
    Map<String, String> out = new TreeMap<>();
    truth
        .symbolMinute()
        .forEach(
            m ->
                out.put(
                    m.windowStart().toEpochMilli() + "|" + m.symbol(),
                    String.join(",", symbolValues(m))));
    return out;
  }

  private Map<String, String> accountMinuteInClickHouse() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (List<String> r :
        clickhouse.query(
            "SELECT window_start, account_id, trade_count, volume, net_quantity, notional FROM `"
                + database
                + "`.dws_account_minute FINAL")) {
      out.put(
          r.get(0) + "|" + r.get(1),
          String.join(",", r.get(2), r.get(3), r.get(4), plain(new BigDecimal(r.get(5)))));
    }
    return out;
  }

  /** All rows of a Doris table with their versions, in key order, through the emulator's SELECT. */
  private String dorisRows(String table) throws Exception {
    return doris
        .query(database, "SELECT * FROM " + table + " ORDER BY window_start, window_end")
        .stream()
        .map(Object::toString)
        .sorted()
        .toList()
        .toString();
  }

  /** Doris DATETIME text of a window bound (UTC wall clock: the pipeline's zone) in epoch ms. */
  private static long epochMillis(String dorisDateTime) {
    return java.time.LocalDateTime.parse(dorisDateTime.replace(' ', 'T'))
        .toInstant(java.time.ZoneOffset.UTC)
        .toEpochMilli();
  }

  private Map<String, String> symbolMinuteInDoris() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (List<String> r :
        doris.query(
            database,
            "SELECT window_start, symbol, trade_count, volume, notional, vwap, high, low FROM dws_symbol_minute")) {
      out.put(
          epochMillis(r.get(0)) + "|" + r.get(1),
          String.join(
              ",",
              r.get(2),
              r.get(3),
              plain(new BigDecimal(r.get(4))),
              plain(new BigDecimal(r.get(5))),
              plain(new BigDecimal(r.get(6))),
              plain(new BigDecimal(r.get(7)))));
    }
    return out;
  }

  private Map<String, String> accountMinuteInDoris() throws Exception {
    return accountMinuteInDoris("dws_account_minute");
  }

  private Map<String, String> accountMinuteInDoris(String table) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (List<String> r :
        doris.query(
            database,
            "SELECT window_start, account_id, trade_count, volume, net_quantity, notional FROM "
                + table)) {
      out.put(
          epochMillis(r.get(0)) + "|" + r.get(1),
          String.join(",", r.get(2), r.get(3), r.get(4), plain(new BigDecimal(r.get(5)))));
    }
    return out;
  }

  private static Map<String, String> expectedAccountMinute(TradingTruth truth) {
    Map<String, String> out = new TreeMap<>();
    truth
        .accountMinute()
        .forEach(
            m ->
                out.put(
                    m.windowStart().toEpochMilli() + "|" + m.accountId(),
                    String.join(
                        ",",
                        String.valueOf(m.tradeCount()),
                        String.valueOf(m.volume()),
                        String.valueOf(m.netQuantity()),
                        plain(m.notional()))));
    return out;
  }
}
