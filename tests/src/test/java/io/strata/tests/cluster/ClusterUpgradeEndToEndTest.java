package io.strata.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.cluster.PipelineSubmission;
import io.strata.cli.cluster.StateInventory;
import io.strata.cli.cluster.StopCommand;
import io.strata.demo.GeneratedTrade;
import io.strata.demo.RecordKind;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradeAvro;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.lineage.collect.FlinkRestFlowSource;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.flink.FlinkRestClient;
import io.strata.tests.support.FlinkClusterService;
import io.strata.tests.support.KafkaService;
import io.strata.tests.support.StrataCliRun;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The trading pipeline on a real Flink standalone cluster (bin/services start flink), upgraded
 * through a savepoint:
 *
 * <ol>
 *   <li>submit (REST: upload the runtime jar, run it with the pipeline's files) and feed the first
 *       part of the trades, up to a minute boundary B (09:34, not a 5-minute boundary);
 *   <li>before stopping, {@code strata plan --against <previous config>} says which state an edit
 *       keeps: adding a measure to dws.account_minute drops that table's window state only; a
 *       changed dedup key drops dwd.trades' dedup state;
 *   <li>stop with a savepoint: dws.symbol_five_minutes holds the open 09:30-09:35 windows, DWD the
 *       dedup keys, the sources their offsets;
 *   <li>restore the edited pipeline (a measure added) from it and feed the rest.
 * </ol>
 *
 * Every DWD and DWS topic must then equal an independent plain-Java computation over the whole
 * stream (demo's TradingTruth): no window lost, none emitted twice, no record read twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Under 2 min on a quiet machine; generous because the shared build machine is often loaded.
@Timeout(280)
class ClusterUpgradeEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRADES = 4000;
  private static final Instant BOUNDARY = TradingScenario.DEFAULT_START.plus(Duration.ofMinutes(4));

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> jobs = new ArrayList<>();
  private Path dir;
  private FlinkRestClient cluster;
  private List<ScenarioRecord> phase1;
  private List<ScenarioRecord> phase2;
  private TradingTruth truth;
  private TradingTruth truthFiveMinutes;
  private TradingTruth truthPhase1;
  private Path before;
  private Path edited;
  private Path changedDedupKey;

  private String topic(String base) {
    return base + "." + run;
  }

  @BeforeAll
  void scenarioAndConfigs() throws Exception {
    dir = Files.createTempDirectory("strata-cluster-e2e");
    cluster = new FlinkRestClient(FlinkClusterService.restUrl(), null);
    String bootstrap = KafkaService.bootstrap();

    // No out-of-order jitter: a restored job's watermark starts again from the first record it
    // reads (Flink does not keep watermarks in savepoints), so a record behind the boundary right
    // after the restore would count as on time there but late in one continuous run.
    TradingScenario scenario =
        TradingScenario.generate(
            TradingScenario.Options.defaults()
                .withTrades(TRADES)
                .withSeed(20261124L)
                .withMaxJitterMillis(0));
    List<ScenarioRecord> trades = scenario.trades();
    int split = 0;
    while (!(trades.get(split).description() instanceof GeneratedTrade trade
        && !trade.tradeTime().isBefore(BOUNDARY))) {
      split++;
    }
    // A cancelled trade 5 s after B: filtered by DWD, but it moves the ODS watermark to B, so every
    // one-minute window before B fires before the stop while 09:30-09:35 stays open.
    GeneratedTrade cancel =
        new GeneratedTrade(
            "T-boundary-" + run,
            "A-boundary",
            "ZZZZ",
            "CANCEL",
            BigDecimal.ONE,
            0,
            BOUNDARY.plusMillis(5001));
    ScenarioRecord boundary =
        new ScenarioRecord(
            TradingScenario.TRADES_TOPIC,
            "ZZZZ".getBytes(StandardCharsets.UTF_8),
            TradeAvro.fromClasspath().encode(cancel),
            RecordKind.TRADE_FILTERED,
            cancel);
    List<ScenarioRecord> quotes = scenario.quotes();
    phase1 = new ArrayList<>(trades.subList(0, split));
    phase1.add(boundary);
    phase1.addAll(quotes.subList(0, quotes.size() / 2));
    phase2 = new ArrayList<>(trades.subList(split, trades.size()));
    phase2.addAll(quotes.subList(quotes.size() / 2, quotes.size()));
    List<ScenarioRecord> all = new ArrayList<>(trades.subList(0, split));
    all.add(boundary);
    all.addAll(trades.subList(split, trades.size()));
    all.addAll(quotes);

    TradingTruth.Settings oneMinute = TradingTruth.Settings.flinkSqlDecimals();
    truth = TradingTruth.compute(all, oneMinute);
    truthFiveMinutes =
        TradingTruth.compute(
            all,
            new TradingTruth.Settings(
                oneMinute.tradesWatermarkDelay(),
                oneMinute.quotesWatermarkDelay(),
                Duration.ofMinutes(5),
                oneMinute.dedupWithin(),
                oneMinute.vwapIntermediateScale()));
    truthPhase1 = TradingTruth.compute(phase1, oneMinute);

    for (String t : List.of("trading.trades", "trading.quotes")) {
      KafkaService.createTopic(topic(t), 1);
    }
    Path reference = FlinkClusterService.repoRoot().resolve("configs/trading/pipeline.conf");
    StringBuilder c = new StringBuilder("include file(\"" + reference + "\")\n");
    c.append("pipeline.name = \"trading_cluster_").append(run).append("\"\n");
    c.append("pipeline.checkpoint.interval = 2s\n");
    c.append("connections.kafka.bootstrap-servers = \"").append(bootstrap).append("\"\n");
    for (String[] o :
        new String[][] {
          {"ods.trades.source.topic", "trading.trades"},
          {"ods.trades.dead-letter.topic", "trading.trades.dlq"},
          {"ods.quotes.source.topic", "trading.quotes"},
          {"ods.quotes.dead-letter.topic", "trading.quotes.dlq"}
        }) {
      c.append(o[0]).append(" = \"").append(topic(o[1])).append("\"\n");
    }
    for (String[] o :
        new String[][] {
          {"dwd.trades", "trading.dwd.trades"},
          {"dwd.quotes", "trading.dwd.quotes"},
          {"dws.symbol_minute", "trading.dws.symbol_minute"},
          {"dws.account_minute", "trading.dws.account_minute"}
        }) {
      c.append(o[0])
          .append(".sinks = [ { type = kafka, connection = kafka, topic = \"")
          .append(topic(o[1]))
          .append("\" } ]\n");
    }
    c.append(
            "dws.symbol_five_minutes {\n  from = dwd.trades\n  window { type = tumble, size = 5min }\n  group-by = [symbol]\n")
        .append(
            "  measures { trade_count = \"COUNT(*)\", volume = \"SUM(quantity)\", notional = \"SUM(notional)\",\n")
        .append(
            "    vwap = \"CAST(SUM(notional) / SUM(quantity) AS DECIMAL(18, 4))\", high = \"MAX(price)\", low = \"MIN(price)\" }\n")
        .append("  sinks = [ { type = kafka, connection = kafka, topic = \"")
        .append(topic("trading.dws.symbol_five_minutes"))
        .append("\" } ]\n}\n");
    before = dir.resolve("pipeline.conf");
    Files.writeString(before, c);
    edited = dir.resolve("pipeline-edited.conf");
    Files.writeString(
        edited,
        "include \"pipeline.conf\"\ndws.account_minute.measures.max_quantity = \"MAX(quantity)\"\n");
    changedDedupKey = dir.resolve("pipeline-dedup-key.conf");
    Files.writeString(
        changedDedupKey,
        "include \"pipeline.conf\"\ndwd.trades.deduplicate.key = [trade_id, symbol]\n");
  }

  @AfterAll
  void cancelJobs() {
    for (String job : jobs) {
      try {
        if (!List.of("FINISHED", "CANCELED", "FAILED").contains(cluster.jobState(job))) {
          cluster.cancel(job);
        }
      } catch (RuntimeException ignored) {
        // the cluster may be gone already
      }
    }
  }

  @Test
  void upgradesThroughASavepointWithoutLosingOrDoublingAnyWindow() throws Exception {
    // 1. Submit and feed the first part.
    String first =
        PipelineSubmission.submit(cluster, before, PipelineSubmission.Options.fresh()).jobId();
    jobs.add(first);
    assertThat(cluster.awaitState(first, Duration.ofSeconds(60), "RUNNING")).isEqualTo("RUNNING");
    produce(phase1);
    read("trading.dwd.trades", truthPhase1.dwdTrades().size());
    read("trading.dws.symbol_minute", truthPhase1.symbolMinuteClosed().size());
    read("trading.dws.account_minute", truthPhase1.accountMinuteClosed().size());
    assertThat(truthPhase1.symbolMinuteClosed())
        .as("every one-minute window before B has fired")
        .hasSameSizeAs(truthPhase1.symbolMinute());
    // The lineage service reads the running job through the same REST client the CLI submitted it
    // with: found by name, RUNNING, and its Kafka sink edge counted like every other edge.
    FlinkRestFlowSource lineage =
        new FlinkRestFlowSource(
            cluster.withTimeout(FlinkRestClient.POLL_TIMEOUT),
            null,
            "strata:trading_cluster_" + run);
    long sinkWritten = -1;
    FlowSample seen = null;
    for (long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        System.nanoTime() < until && sinkWritten != truthPhase1.dwdTrades().size();
        Thread.sleep(1000)) {
      seen = lineage.sample();
      sinkWritten = seen.counts().count("dwd.trades", "sink0_written");
    }
    assertThat(seen.jobId()).isEqualTo(first);
    assertThat(seen.jobState()).isEqualTo("RUNNING");
    assertThat(sinkWritten)
        .as("dwd.trades sink0_written through the REST API")
        .isEqualTo(truthPhase1.dwdTrades().size());

    // 2. Before anything is stopped: what would each edit do to the state?
    StrataCliRun.Result measure =
        StrataCliRun.run("plan", edited.toString(), "--against", before.toString());
    assertThat(measure.exit()).as(measure.out()).isEqualTo(4);
    assertThat(dropped(measure.out()))
        .as(measure.out())
        .containsExactly("dws.account_minute/window/GlobalWindowAggregate-0");
    StrataCliRun.Result dedupKey =
        StrataCliRun.run("plan", changedDedupKey.toString(), "--against", before.toString());
    assertThat(dedupKey.exit()).as(dedupKey.out()).isEqualTo(4);
    assertThat(dropped(dedupKey.out()))
        .as(dedupKey.out())
        .containsExactly("dwd.trades/deduplicate");
    assertThat(dedupKey.out())
        .contains("first-seen per key [trade_id]")
        .contains("first-seen per key [trade_id, symbol]");

    // 3. Stop with a savepoint; the job's state manifest lands beside it.
    String savepoint =
        StopCommand.stop(
            cluster, first, "file://" + dir.resolve("savepoints"), false, Duration.ofSeconds(90));
    assertThat(cluster.jobState(first)).isEqualTo("FINISHED");
    Path savepointDir = Path.of(savepoint.replaceFirst("^file:(//)?", ""));
    assertThat(savepointDir.resolve(StateInventory.MANIFEST_FILE)).exists();
    // Restoring the edited pipeline from it is refused until dropping that state is allowed; the
    // refusal names the state, read from the savepoint's _metadata and the manifest.
    StrataCliRun.Result refused =
        StrataCliRun.run(
            "submit",
            edited.toString(),
            "--flink",
            cluster.baseUrl().toString(),
            "--from-savepoint",
            savepoint);
    assertThat(refused.exit()).as(refused.err()).isEqualTo(4);
    assertThat(refused.err()).contains("nothing was submitted");
    assertThat(dropped(refused.err()))
        .as(refused.err())
        .containsExactly("dws.account_minute/window/GlobalWindowAggregate-0");
    assertThat(refused.err())
        .containsPattern(
            "restored +dws\\.symbol_five_minutes +dws\\.symbol_five_minutes/window/GlobalWindowAggregate-0@[0-9a-f]+ \\([1-9]\\d* bytes\\)")
        .containsPattern(
            "restored +dwd\\.trades +dwd\\.trades/deduplicate@[0-9a-f]+ \\([1-9]\\d* bytes\\)")
        .containsPattern("restored +ods\\.trades +ods\\.trades/source@[0-9a-f]+");
    assertThat(jobNames()).as("nothing submitted").doesNotContain("strata:trading_cluster_" + run);

    // 4. Restore the edited pipeline and feed the rest.
    String second =
        PipelineSubmission.submit(
                cluster, edited, PipelineSubmission.Options.fresh().restoringFrom(savepoint, true))
            .jobId();
    jobs.add(second);
    assertThat(cluster.awaitState(second, Duration.ofSeconds(60), "RUNNING")).isEqualTo("RUNNING");
    assertThat(restoredFrom(second)).as("restored from the savepoint").isEqualTo(savepoint);
    produce(phase2);

    // DWD: every trade once; the dedup state came back, offsets too (nothing read twice).
    List<JsonNode> dwd = read("trading.dwd.trades", truth.dwdTrades().size());
    assertThat(dwd.stream().map(r -> r.get("trade_id").asText()).toList())
        .containsExactlyInAnyOrderElementsOf(truth.dwdTradeIds());
    List<JsonNode> quotes = read("trading.dwd.quotes", truth.dwdQuotes().size());
    assertThat(quotes).hasSize(truth.dwdQuotes().size());

    // Untouched tables: one row per window and key, equal to the computation over the whole stream.
    Map<String, JsonNode> minute =
        unique(
            read("trading.dws.symbol_minute", truth.symbolMinuteClosed().size()),
            r -> windowStart(r) + "|" + r.get("symbol").asText());
    assertSymbolWindows(minute, truth.symbolMinuteClosed());
    Map<String, JsonNode> five =
        unique(
            read("trading.dws.symbol_five_minutes", truthFiveMinutes.symbolMinuteClosed().size()),
            r -> windowStart(r) + "|" + r.get("symbol").asText());
    assertSymbolWindows(five, truthFiveMinutes.symbolMinuteClosed());
    assertThat(truthFiveMinutes.symbolMinuteClosed())
        .as("the 09:30-09:35 windows were open at the stop")
        .anyMatch(m -> m.windowStart().equals(TradingScenario.DEFAULT_START));

    // The edited table: old measures everywhere, the new one from B on (an independent MAX).
    Map<String, JsonNode> account =
        unique(
            read("trading.dws.account_minute", truth.accountMinuteClosed().size()),
            r -> windowStart(r) + "|" + r.get("account_id").asText());
    assertThat(account).hasSameSizeAs(truth.accountMinuteClosed());
    Map<String, Long> maxQuantity = new HashMap<>();
    Set<String> late = truth.lateTradeIds();
    for (TradingTruth.DwdTrade t : truth.dwdTrades()) {
      if (!late.contains(t.tradeId())) {
        long start = TradingTruth.windowStart(t.tradeTime().toEpochMilli(), 60_000);
        maxQuantity.merge(
            Instant.ofEpochMilli(start) + "|" + t.accountId(), t.quantity(), Math::max);
      }
    }
    for (TradingTruth.AccountMinute m : truth.accountMinuteClosed()) {
      JsonNode r = account.get(m.windowStart() + "|" + m.accountId());
      assertThat(r).as("window %s %s", m.windowStart(), m.accountId()).isNotNull();
      assertThat(r.get("trade_count").asLong()).isEqualTo(m.tradeCount());
      assertThat(r.get("volume").asLong()).isEqualTo(m.volume());
      assertThat(r.get("net_quantity").asLong()).isEqualTo(m.netQuantity());
      assertThat(new BigDecimal(r.get("notional").asText())).isEqualByComparingTo(m.notional());
      if (m.windowStart().isBefore(BOUNDARY)) {
        assertThat(r.has("max_quantity")).as("emitted by the job before the edit").isFalse();
      } else {
        assertThat(r.get("max_quantity").asLong())
            .isEqualTo(maxQuantity.get(m.windowStart() + "|" + m.accountId()));
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  /** The uids (without fingerprints) that a restore plan lists as dropped. */
  private static List<String> dropped(String plan) {
    List<String> out = new ArrayList<>();
    for (String line : plan.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals("DROPPED")) {
        out.add(f[2].replaceAll("@[0-9a-f]+$", ""));
      }
    }
    return out;
  }

  private List<String> jobNames() {
    return cluster.jobs().stream()
        .filter(j -> j.state().equals("RUNNING"))
        .map(FlinkRestClient.JobSummary::name)
        .toList();
  }

  private String restoredFrom(String job) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      String path =
          cluster.checkpoints(job).path("latest").path("restored").path("external_path").asText("");
      if (!path.isEmpty()) {
        return path;
      }
      Thread.sleep(200);
    }
    return "";
  }

  private void produce(List<ScenarioRecord> records) {
    for (String t : List.of(TradingScenario.TRADES_TOPIC, TradingScenario.QUOTES_TOPIC)) {
      KafkaService.produce(
          topic(t),
          records.stream().filter(r -> r.topic().equals(t)).map(ScenarioRecord::value).toList());
    }
  }

  private List<JsonNode> read(String base, int expected) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaService.readAtLeast(topic(base), expected, Duration.ofSeconds(90));
    List<JsonNode> rows = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      rows.add(JSON.readTree(r.value()));
    }
    assertThat(rows).as("rows in %s", base).hasSize(expected);
    return rows;
  }

  private static Map<String, JsonNode> unique(List<JsonNode> rows, Function<JsonNode, String> key) {
    Map<String, JsonNode> out = new HashMap<>();
    Set<String> twice = new HashSet<>();
    for (JsonNode r : rows) {
      if (out.put(key.apply(r), r) != null) {
        twice.add(key.apply(r));
      }
    }
    assertThat(twice).as("windows emitted twice").isEmpty();
    return out;
  }

  private static void assertSymbolWindows(
      Map<String, JsonNode> rows, List<TradingTruth.SymbolMinute> expected) {
    assertThat(rows).hasSameSizeAs(expected);
    for (TradingTruth.SymbolMinute m : expected) {
      JsonNode r = rows.get(m.windowStart() + "|" + m.symbol());
      assertThat(r).as("window %s %s", m.windowStart(), m.symbol()).isNotNull();
      assertThat(r.get("trade_count").asLong()).isEqualTo(m.tradeCount());
      assertThat(r.get("volume").asLong()).isEqualTo(m.volume());
      assertThat(new BigDecimal(r.get("notional").asText())).isEqualByComparingTo(m.notional());
      assertThat(new BigDecimal(r.get("vwap").asText())).isEqualByComparingTo(m.vwap());
      assertThat(new BigDecimal(r.get("high").asText())).isEqualByComparingTo(m.high());
      assertThat(new BigDecimal(r.get("low").asText())).isEqualByComparingTo(m.low());
    }
  }

  private static Instant windowStart(JsonNode row) {
    return LocalDateTime.parse(row.get("window_start").asText()).toInstant(ZoneOffset.UTC);
  }
}
