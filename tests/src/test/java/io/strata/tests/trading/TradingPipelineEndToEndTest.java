package io.strata.tests.trading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.FlowReport;
import io.strata.cli.Pipelines;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The trading pipeline, exactly as configured in configs/trading, on a real Kafka broker: generated
 * trades and quotes (with malformed, filtered, duplicate and late ones) in; DWD and DWS topics out,
 * compared with an independent computation (demo's TradingTruth, plain Java, no Flink).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class TradingPipelineEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRADES = 6000;

  private Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private TradingTruth truth;
  private FlowReport flow;
  private LayerGraph graph;

  private String topic(String base) {
    return base + "." + run;
  }

  @BeforeAll
  void runPipelineOverGeneratedTrades() throws Exception {
    dir = Files.createTempDirectory("strata-e2e");
    String bootstrap = KafkaService.bootstrap();
    TradingScenario scenario =
        TradingScenario.generate(
            TradingScenario.Options.defaults().withTrades(TRADES).withSeed(20261123L));
    truth = TradingTruth.compute(scenario.records(), TradingTruth.Settings.flinkSqlDecimals());

    for (String t : List.of("trading.trades", "trading.quotes")) {
      KafkaService.createTopic(topic(t), 1);
      List<byte[]> values =
          scenario.records().stream()
              .filter(r -> r.topic().equals(t))
              .map(ScenarioRecord::value)
              .toList();
      KafkaService.produce(topic(t), values);
    }
    // The reference config, with this run's own topics and broker.
    Path reference =
        Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();
    Path config = dir.resolve("pipeline.conf");
    StringBuilder overrides = new StringBuilder("include file(\"" + reference + "\")\n");
    overrides.append("connections.kafka.bootstrap-servers = \"").append(bootstrap).append("\"\n");
    for (String[] o :
        new String[][] {
          {"ods.trades.source.topic", "trading.trades"},
          {"ods.trades.dead-letter.topic", "trading.trades.dlq"},
          {"ods.quotes.source.topic", "trading.quotes"},
          {"ods.quotes.dead-letter.topic", "trading.quotes.dlq"}
        }) {
      overrides.append(o[0]).append(" = \"").append(topic(o[1])).append("\"\n");
    }
    for (String[] o :
        new String[][] {
          {"dwd.trades", "trading.dwd.trades"},
          {"dwd.quotes", "trading.dwd.quotes"},
          {"dws.symbol_minute", "trading.dws.symbol_minute"},
          {"dws.account_minute", "trading.dws.account_minute"}
        }) {
      overrides
          .append(o[0])
          .append(".sinks = [ { type = kafka, connection = kafka, topic = \"")
          .append(topic(o[1]))
          .append("\" } ]\n");
    }
    Files.writeString(config, overrides);
    graph = Pipelines.load(config);

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobComposer.compose(graph, env, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput());
    JobExecutionResult result = env.execute("e2e-trading-" + run);
    flow = new FlowReport(graph, result.getAllAccumulatorResults());
  }

  @Test
  void everyLayerEdgeBalancesAndMatchesTheIndependentCounts() {
    assertThat(flow.imbalances()).isEmpty();
    TradingTruth.Counts c = truth.counts();
    TableRef odsTrades = new TableRef(Layer.ODS, "trades");
    TableRef dwdTrades = new TableRef(Layer.DWD, "trades");
    TableRef symbolMinute = new TableRef(Layer.DWS, "symbol_minute");
    assertThat(flow.count(odsTrades, "read")).isEqualTo(c.odsTrades().in());
    assertThat(flow.count(odsTrades, "dead_lettered"))
        .isEqualTo(c.odsTrades().deadLettered())
        .isPositive();
    assertThat(flow.count(dwdTrades, "filtered")).isEqualTo(c.dwdTrades().filtered()).isPositive();
    assertThat(flow.count(dwdTrades, "deduplicated"))
        .isEqualTo(c.dwdTrades().deduplicated())
        .isPositive();
    assertThat(flow.count(dwdTrades, "out")).isEqualTo(c.dwdTrades().out());
    assertThat(flow.count(symbolMinute, "late")).isEqualTo(c.symbolMinute().late()).isPositive();
    assertThat(flow.count(symbolMinute, "out")).isEqualTo(c.symbolMinute().rows());
    assertThat(flow.count(new TableRef(Layer.ODS, "quotes"), "dead_lettered"))
        .isEqualTo(c.odsQuotes().deadLettered());
    assertThat(flow.count(new TableRef(Layer.DWD, "quotes"), "filtered"))
        .isEqualTo(c.dwdQuotes().filtered());
  }

  @Test
  void dwdTradesEqualTheIndependentComputation() throws Exception {
    List<JsonNode> rows = read("trading.dwd.trades", truth.dwdTrades().size());
    Map<String, JsonNode> byId = new HashMap<>();
    rows.forEach(
        r ->
            assertThat(byId.put(r.get("trade_id").asText(), r))
                .as("duplicate trade_id in DWD")
                .isNull());
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(truth.dwdTradeIds());
    for (TradingTruth.DwdTrade t : truth.dwdTrades()) {
      JsonNode r = byId.get(t.tradeId());
      assertThat(r.get("account_id").asText()).isEqualTo(t.accountId());
      assertThat(r.get("symbol").asText()).isEqualTo(t.symbol());
      assertThat(decimal(r, "price")).isEqualByComparingTo(t.price());
      assertThat(r.get("quantity").asLong()).isEqualTo(t.quantity());
      assertThat(decimal(r, "notional")).isEqualByComparingTo(t.notional());
      assertThat(r.get("signed_quantity").asLong()).isEqualTo(t.signedQuantity());
      assertThat(Instant.parse(r.get("trade_time").asText())).isEqualTo(t.tradeTime());
    }
  }

  @Test
  void symbolMinuteMeasuresEqualTheIndependentComputation() throws Exception {
    List<JsonNode> rows = read("trading.dws.symbol_minute", truth.symbolMinute().size());
    Map<String, JsonNode> byKey =
        rows.stream()
            .collect(
                Collectors.toMap(r -> windowStart(r) + "|" + r.get("symbol").asText(), r -> r));
    assertThat(byKey).hasSameSizeAs(truth.symbolMinute());
    for (TradingTruth.SymbolMinute m : truth.symbolMinute()) {
      JsonNode r = byKey.get(m.windowStart() + "|" + m.symbol());
      assertThat(r).as("window %s %s", m.windowStart(), m.symbol()).isNotNull();
      assertThat(r.get("trade_count").asLong()).isEqualTo(m.tradeCount());
      assertThat(r.get("volume").asLong()).isEqualTo(m.volume());
      assertThat(decimal(r, "notional")).isEqualByComparingTo(m.notional());
      assertThat(decimal(r, "vwap")).isEqualByComparingTo(m.vwap());
      assertThat(decimal(r, "high")).isEqualByComparingTo(m.high());
      assertThat(decimal(r, "low")).isEqualByComparingTo(m.low());
    }
  }

  @Test
  void accountMinuteMeasuresEqualTheIndependentComputation() throws Exception {
    List<JsonNode> rows = read("trading.dws.account_minute", truth.accountMinute().size());
    Map<String, JsonNode> byKey =
        rows.stream()
            .collect(
                Collectors.toMap(r -> windowStart(r) + "|" + r.get("account_id").asText(), r -> r));
    assertThat(byKey).hasSameSizeAs(truth.accountMinute());
    for (TradingTruth.AccountMinute m : truth.accountMinute()) {
      JsonNode r = byKey.get(m.windowStart() + "|" + m.accountId());
      assertThat(r).isNotNull();
      assertThat(r.get("trade_count").asLong()).isEqualTo(m.tradeCount());
      assertThat(r.get("volume").asLong()).isEqualTo(m.volume());
      assertThat(r.get("net_quantity").asLong()).isEqualTo(m.netQuantity());
      assertThat(decimal(r, "notional")).isEqualByComparingTo(m.notional());
    }
  }

  @Test
  void malformedAndLateTradesAreInTheDeadLetterTopicWithReasons() throws Exception {
    long undecodable = truth.counts().odsTrades().deadLettered();
    long late = truth.lateTrades().size();
    // Late trades are dead-lettered once per DWS table that reads them (two here).
    List<JsonNode> letters = read("trading.trades.dlq", (int) (undecodable + 2 * late));
    List<JsonNode> bad =
        letters.stream().filter(l -> l.get("kind").asText().equals("undecodable")).toList();
    List<JsonNode> lateLetters =
        letters.stream().filter(l -> l.get("kind").asText().equals("late")).toList();
    assertThat(bad).hasSize((int) undecodable);
    for (JsonNode l : bad) {
      assertThat(l.get("table").asText()).isEqualTo("ods.trades");
      assertThat(l.get("reason").asText()).isNotBlank();
      assertThat(l.get("topic").asText()).isEqualTo(topic("trading.trades"));
      assertThat(l.get("offset").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(l.get("raw_base64").asText()).isNotEmpty();
    }
    assertThat(
            bad.stream().map(l -> l.get("reason").asText()).anyMatch(r -> r.contains("account_id")))
        .as("NOT NULL violations are named")
        .isTrue();
    assertThat(lateLetters).hasSize((int) (2 * late));
    assertThat(
            lateLetters.stream()
                .map(l -> l.get("row").get("trade_id").asText())
                .collect(Collectors.toSet()))
        .isEqualTo(truth.lateTradeIds());
    assertThat(lateLetters.stream().map(l -> l.get("table").asText()).distinct())
        .containsExactlyInAnyOrder("dws.symbol_minute", "dws.account_minute");
  }

  @Test
  void dwdQuotesEqualTheIndependentComputation() throws Exception {
    List<JsonNode> rows = read("trading.dwd.quotes", truth.dwdQuotes().size());
    List<String> actual = new ArrayList<>();
    for (JsonNode r : rows) {
      actual.add(
          r.get("symbol").asText()
              + "|"
              + Instant.parse(r.get("quote_time").asText())
              + "|"
              + decimal(r, "mid").stripTrailingZeros().toPlainString()
              + "|"
              + decimal(r, "spread").stripTrailingZeros().toPlainString());
    }
    List<String> expected =
        truth.dwdQuotes().stream()
            .map(
                q ->
                    q.symbol()
                        + "|"
                        + q.quoteTime()
                        + "|"
                        + q.mid().stripTrailingZeros().toPlainString()
                        + "|"
                        + q.spread().stripTrailingZeros().toPlainString())
            .toList();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private List<JsonNode> read(String base, int expected) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaService.readAtLeast(topic(base), expected, Duration.ofSeconds(60));
    List<JsonNode> rows = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      rows.add(JSON.readTree(r.value()));
    }
    assertThat(rows).as("rows in %s", base).hasSize(expected);
    return rows;
  }

  private static BigDecimal decimal(JsonNode row, String field) {
    return new BigDecimal(row.get(field).asText());
  }

  private static Instant windowStart(JsonNode row) {
    return LocalDateTime.parse(row.get("window_start").asText()).toInstant(ZoneOffset.UTC);
  }
}
