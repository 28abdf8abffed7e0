package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.Pipelines;
import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingGenerator;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.dimensions.DimensionStores;
import io.strata.dimensions.DimensionWriter;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A versioned JDBC dimension read as of the backfilled day. Real time runs with the accounts
 * dimension (MariaDB) at version 1; then a correction valid from the day D and a later version
 * valid from D+2 are loaded; the backfill of D must regroup dws.desk_minute by the D version (not
 * version 1, not the later one). Expectations are computed here from demo's TradingTruth and the
 * versions this test loads, never from Strata's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class BackfillDimensionsEndToEndTest {
  private static final int TRADES = 2000;
  private static final LocalDate DAY = LocalDate.parse("2026-11-23");
  private static final List<String> DESKS =
      List.of("equities-flow", "equities-prop", "derivatives", "wealth", "market-making");

  /**
   * Accounts whose desk the correction (valid from DAY) changes, and the later version (DAY + 2)
   * changes again.
   */
  private static final Set<String> CORRECTED =
      Set.of("ACC-0003", "ACC-0007", "ACC-0011", "ACC-0019");

  private static final Set<String> LATER =
      Set.of("ACC-0001", "ACC-0003", "ACC-0007", "ACC-0011", "ACC-0019", "ACC-0023", "ACC-0031");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String database = "strata_bfdim_" + run;
  private List<ScenarioRecord> records;
  private TradingTruth realtime;
  private TradingTruth batch;
  private Path config;
  private ClickHouseHttp clickhouse;

  @BeforeAll
  @Timeout(400)
  void realtimeWithVersionOneThenCorrectionsAndArchive() throws Exception {
    records =
        TradingScenario.generate(
                TradingScenario.Options.defaults().withTrades(TRADES).withSeed(20261124L))
            .records();
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

    String kafka = BackfillServices.kafka();
    clickhouse =
        new ClickHouseHttp(BackfillServices.clickhouse(), "default", null, Duration.ofSeconds(60));
    Path dir = Files.createTempDirectory("strata-backfill-dimensions");
    String text =
        BackfillServices.pipelineTemplate(
                "/backfill/dimensions-pipeline.conf", "bfdim", run, database, dir)
            .replace("@JDBC_URL@", BackfillServices.mariadbUrl() + database)
            .replace("@JDBC_PASSWORD@", BackfillServices.mariadbPassword());
    config = dir.resolve("pipeline.conf");
    Files.writeString(config, text);

    loadVersion(LocalDate.parse("2026-01-01"), accountsV1());
    try (KafkaProducer<byte[], byte[]> producer = TradingGenerator.producer(kafka)) {
      for (ScenarioRecord r : records) {
        String topic =
            r.topic().equals(TradingScenario.TRADES_TOPIC)
                ? "bfdim.trades." + run
                : "bfdim.quotes." + run;
        producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
      }
      producer.flush();
    }
    LayerGraph graph = Pipelines.load(config);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobContext ctx =
        JobComposer.compose(graph, env, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput());
    JobComposer.prepareSinks(ctx);
    env.execute("backfill-dimensions-realtime-" + run);
    assertThat(deskMinuteInClickHouse())
        .as("real time grouped by version 1")
        .isEqualTo(expectedDeskMinute(realtime, true, accountsV1()));

    // After the real-time run: a correction in force from DAY, and a version only from DAY + 2.
    loadVersion(DAY, changedDesks(CORRECTED, 1));
    loadVersion(DAY.plusDays(2), changedDesks(LATER, 2));
    ArchiveJob.run(Pipelines.load(config), true);
  }

  @AfterAll
  void dropDatabases() throws Exception {
    if (clickhouse != null) {
      clickhouse.execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
    try (Connection c =
            DriverManager.getConnection(
                BackfillServices.mariadbUrl(), "strata", BackfillServices.mariadbPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
  }

  @Test
  void backfillRegroupsTheDayByTheVersionInForceThatDay() throws Exception {
    Map<String, String> v1 = expectedDeskMinute(batch, false, accountsV1());
    Map<String, String> asOfDay = expectedDeskMinute(batch, false, accountsAsOf(DAY));
    Map<String, String> later = expectedDeskMinute(batch, false, accountsAsOf(DAY.plusDays(2)));
    assertThat(asOfDay)
        .as("the correction changes the day's grouping")
        .isNotEqualTo(v1)
        .isNotEqualTo(later);

    CorrectionReport report =
        Backfill.run(
            new Backfill.Request(Pipelines.load(config), DAY, List.of(), false, false, null));
    System.out.print(report.text());

    assertThat(report.status()).isEqualTo("swapped");
    assertThat(deskMinuteInClickHouse()).isEqualTo(asOfDay);
    TableCorrection desk =
        report.tables().stream()
            .filter(t -> t.table().equals("dws.desk_minute"))
            .findFirst()
            .orElseThrow();
    Map<String, String> realtimeRows = expectedDeskMinute(realtime, true, accountsV1());
    long onlyBatch = asOfDay.keySet().stream().filter(k -> !realtimeRows.containsKey(k)).count();
    long changed =
        asOfDay.keySet().stream()
            .filter(k -> realtimeRows.containsKey(k) && !realtimeRows.get(k).equals(asOfDay.get(k)))
            .count();
    long onlyRealtime = realtimeRows.keySet().stream().filter(k -> !asOfDay.containsKey(k)).count();
    assertThat(desk.onlyBatch()).isEqualTo(onlyBatch).isPositive();
    assertThat(desk.changed()).isEqualTo(changed).isPositive();
    assertThat(desk.onlyRealtime()).isEqualTo(onlyRealtime);
    // The correction of trade_count: sum over keys of |batch - realtime| (a missing row counts as
    // 0).
    long countDelta = 0;
    for (String k : new java.util.TreeSet<>(union(asOfDay.keySet(), realtimeRows.keySet()))) {
      countDelta += Math.abs(count(asOfDay.get(k)) - count(realtimeRows.get(k)));
    }
    TableCorrection.MeasureDelta tradeCount =
        desk.measures().stream()
            .filter(m -> m.measure().equals("trade_count"))
            .findFirst()
            .orElseThrow();
    assertThat(tradeCount.absDelta()).isEqualByComparingTo(BigDecimal.valueOf(countDelta));
    assertThat(report.text()).contains("dws.desk_minute", "trade_count");
    String correctedDesk = correctedDesk("ACC-0003", 1);

    try (Connection c =
            DriverManager.getConnection(
                BackfillServices.mariadbUrl() + database,
                "strata",
                BackfillServices.mariadbPassword());
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT desk FROM accounts__asof_20261123 WHERE account_id = 'ACC-0003'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .as("the per-day view holds the correction")
          .isEqualTo(correctedDesk);
    }

    // Idempotent: the same day again reads the same view (re-created) and finds nothing to change.
    CorrectionReport again =
        Backfill.run(
            new Backfill.Request(Pipelines.load(config), DAY, List.of(), false, false, null));
    assertThat(again.status()).isEqualTo("unchanged");
    assertThat(deskMinuteInClickHouse()).isEqualTo(asOfDay);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static long count(String row) {
    return row == null ? 0 : Long.parseLong(row.split(",")[0]);
  }

  private static Map<String, String> accountsV1() {
    Map<String, String> desks = new TreeMap<>();
    for (int i = 0; i <= 60; i++) {
      desks.put(String.format("ACC-%04d", i), DESKS.get(i % DESKS.size()));
    }
    return desks;
  }

  private static String correctedDesk(String account, int version) {
    return "v"
        + version
        + "-"
        + DESKS.get((Integer.parseInt(account.substring(4)) + version) % DESKS.size());
  }

  private static Map<String, String> changedDesks(Set<String> accounts, int version) {
    Map<String, String> out = new TreeMap<>();
    accounts.forEach(a -> out.put(a, correctedDesk(a, version)));
    return out;
  }

  /** The desk of each account as of the end of {@code day}, from the versions this test loads. */
  private static Map<String, String> accountsAsOf(LocalDate day) {
    Map<String, String> out = new TreeMap<>(accountsV1());
    if (!day.isBefore(DAY)) {
      out.putAll(changedDesks(CORRECTED, 1));
    }
    if (!day.isBefore(DAY.plusDays(2))) {
      out.putAll(changedDesks(LATER, 2));
    }
    return out;
  }

  private void loadVersion(LocalDate validFrom, Map<String, String> desks) throws Exception {
    var pipeline = Pipelines.load(config).pipeline();
    DimensionDef accounts = pipeline.dimensions().get("accounts");
    var connection = DimensionStores.connectionOf(pipeline, accounts);
    try (DimensionWriter w = DimensionStores.storeOf(connection).openWriter(accounts, connection)) {
      for (var e : desks.entrySet()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("account_id", e.getKey());
        row.put("desk", e.getValue());
        row.put("region", "EMEA");
        row.put("valid_from", validFrom);
        w.write(row);
      }
      w.flush();
    }
  }

  /** dws.desk_minute computed here: window start | desk -> count, volume, notional. */
  private static Map<String, String> expectedDeskMinute(
      TradingTruth truth, boolean withoutLate, Map<String, String> desks) {
    Set<String> late = withoutLate ? truth.lateTradeIds() : Set.of();
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> notional = new HashMap<>();
    for (TradingTruth.DwdTrade t : truth.dwdTrades()) {
      if (late.contains(t.tradeId())) {
        continue;
      }
      String key =
          TradingTruth.windowStart(t.tradeTime().toEpochMilli(), 60_000)
              + "|"
              + desks.get(t.accountId());
      long[] c = counts.computeIfAbsent(key, k -> new long[2]);
      c[0]++;
      c[1] += t.quantity();
      notional.merge(key, t.notional(), BigDecimal::add);
    }
    return counts.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    e.getValue()[0] + "," + e.getValue()[1] + "," + plain(notional.get(e.getKey())),
                (a, b) -> a,
                TreeMap::new));
  }

  private Map<String, String> deskMinuteInClickHouse() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (List<String> r :
        clickhouse.query(
            "SELECT window_start, desk, trade_count, volume, notional FROM `"
                + database
                + "`.dws_desk_minute FINAL")) {
      out.put(
          r.get(0) + "|" + r.get(1),
          r.get(2) + "," + r.get(3) + "," + plain(new BigDecimal(r.get(4))));
    }
    return out;
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
