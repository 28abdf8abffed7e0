package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.FlowReport;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Orders from a real Kafka broker enriched with instruments from a real standalone HBase (async
 * lookups, cache) and accounts from a real MariaDB, both loaded with `strata dim load`'s loader;
 * the results equal an independent plain-Java join, and each `missing` mode does what it says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DimensionEnrichmentEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ORDERS = 3000;
  private static final TableRef ENRICHED = new TableRef(Layer.DWD, "enriched");
  private static final TableRef KNOWN = new TableRef(Layer.DWD, "known_accounts");

  private DimensionTestPipeline pipeline;
  private List<Orders.Order> orders;
  private FlowReport flow;
  private final Map<String, List<String>> instruments = new HashMap<>();
  private final Map<String, List<String>> accounts = new HashMap<>();

  @BeforeAll
  void runPipeline() throws Exception {
    pipeline = new DimensionTestPipeline();
    LayerGraph graph = pipeline.load();
    assertThat(pipeline.loadDimension(graph, "instruments", "instruments.csv")).isEqualTo(6);
    assertThat(pipeline.loadDimension(graph, "accounts", "accounts.jsonl")).isEqualTo(20);
    readSeeds();

    pipeline.createTopics();
    orders = Orders.generate("o", ORDERS, 42L);
    KafkaService.produce(pipeline.ordersTopic, orders.stream().map(Orders.Order::json).toList());

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobComposer.compose(graph, env, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput());
    JobExecutionResult result = env.execute("dimtest-" + pipeline.run);
    flow = new FlowReport(graph, result.getAllAccumulatorResults());
  }

  @AfterAll
  void cleanUp() {
    if (pipeline != null) {
      pipeline.cleanUp();
    }
  }

  /** The seed files read independently of the loader (plain text, no Strata code). */
  private void readSeeds() throws Exception {
    instruments.put("AAPL", List.of("NASDAQ", "USD", "100"));
    instruments.put("MSFT", List.of("NASDAQ", "USD", "50"));
    instruments.put("JPM", List.of("NYSE", "USD", "25"));
    instruments.put("BRK,B", List.of("NYSE", "USD", "1"));
    instruments.put("SAP", List.of("XETRA", "EUR", "10"));
    instruments.put("TM", java.util.Arrays.asList("TSE", "JPY", null));
    try (var in = getClass().getResourceAsStream("/dimensions/accounts.jsonl")) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        JsonNode n = JSON.readTree(line);
        accounts.put(
            n.get("account_id").asText(),
            java.util.Arrays.asList(
                n.get("desk").asText(),
                n.get("region").isNull() ? null : n.get("region").asText()));
      }
    }
  }

  private boolean knownInstrument(Orders.Order o) {
    return o.symbol() != null && instruments.containsKey(o.symbol().toUpperCase());
  }

  private boolean knownAccount(Orders.Order o) {
    return o.accountId() != null && accounts.containsKey(o.accountId());
  }

  private List<JsonNode> read(String topic, int expected) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var r : KafkaService.readAtLeast(topic, expected, Duration.ofSeconds(60))) {
      out.add(JSON.readTree(r.value()));
    }
    return out;
  }

  private static String text(JsonNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Test
  void enrichedRowsEqualAnIndependentJoin() throws Exception {
    List<Orders.Order> expected =
        orders.stream().filter(o -> o.quantity() > 0 && knownInstrument(o)).toList();
    List<JsonNode> rows = read(pipeline.enrichedTopic, expected.size());
    Map<String, JsonNode> byId =
        rows.stream().collect(Collectors.toMap(r -> r.get("order_id").asText(), r -> r));
    assertThat(rows).hasSameSizeAs(expected);
    for (Orders.Order o : expected) {
      JsonNode r = byId.get(o.orderId());
      assertThat(r).as(o.orderId()).isNotNull();
      List<String> instrument = instruments.get(o.symbol().toUpperCase());
      assertThat(text(r, "exchange")).isEqualTo(instrument.get(0));
      assertThat(text(r, "currency")).isEqualTo(instrument.get(1));
      if (instrument.get(2) == null) {
        assertThat(text(r, "lots")).as("lots of %s (lot size null)", o.symbol()).isNull();
      } else {
        assertThat(r.get("lots").asLong())
            .isEqualTo(o.quantity() / Long.parseLong(instrument.get(2)));
      }
      List<String> account =
          knownAccount(o) ? accounts.get(o.accountId()) : java.util.Arrays.asList(null, null);
      assertThat(text(r, "desk"))
          .as("desk of %s (%s)", o.orderId(), o.accountId())
          .isEqualTo(account.get(0));
      assertThat(text(r, "region")).isEqualTo(account.get(1));
      assertThat(text(r, "account_id")).isEqualTo(o.accountId());
    }
  }

  @Test
  void missingKeepNullFillsOnlyUnknownKeys() throws Exception {
    long unknownAccounts =
        orders.stream()
            .filter(o -> o.quantity() > 0 && knownInstrument(o) && !knownAccount(o))
            .count();
    assertThat(unknownAccounts).isPositive();
    List<JsonNode> rows =
        read(
            pipeline.enrichedTopic,
            (int) orders.stream().filter(o -> o.quantity() > 0 && knownInstrument(o)).count());
    assertThat(rows.stream().filter(r -> text(r, "desk") == null).count())
        .isEqualTo(unknownAccounts);
  }

  @Test
  void missingDropDropsAndCountsUnknownKeys() throws Exception {
    List<Orders.Order> known = orders.stream().filter(this::knownAccount).toList();
    List<JsonNode> rows = read(pipeline.knownTopic, known.size());
    assertThat(rows.stream().map(r -> r.get("order_id").asText()).collect(Collectors.toSet()))
        .isEqualTo(known.stream().map(Orders.Order::orderId).collect(Collectors.toSet()));
    assertThat(rows).hasSameSizeAs(known);
    long unknown = orders.size() - known.size();
    assertThat(flow.count(KNOWN, "dimension_dropped")).isEqualTo(unknown).isPositive();
    assertThat(flow.count(KNOWN, "dimension_missing")).isEqualTo(unknown);
  }

  @Test
  void missingDeadLetterSendsUnknownKeysWithReasonToTheOdsDeadLetterTopic() throws Exception {
    List<Orders.Order> unknown =
        orders.stream().filter(o -> o.quantity() > 0 && !knownInstrument(o)).toList();
    assertThat(unknown).isNotEmpty();
    List<JsonNode> letters =
        read(pipeline.dlqTopic, unknown.size()).stream()
            .filter(l -> "missing_dimension".equals(text(l, "kind")))
            .toList();
    assertThat(letters).hasSameSizeAs(unknown);
    Map<String, Orders.Order> byId =
        unknown.stream().collect(Collectors.toMap(Orders.Order::orderId, o -> o));
    for (JsonNode l : letters) {
      Orders.Order o = byId.get(l.get("row").get("order_id").asText());
      assertThat(o).isNotNull();
      assertThat(text(l, "table")).isEqualTo("dwd.enriched");
      assertThat(text(l, "dimension")).isEqualTo("instruments");
      assertThat(text(l, "key")).isEqualTo(o.symbol().toUpperCase());
      assertThat(text(l, "reason"))
          .contains("not found in dimension instruments")
          .contains(o.symbol().toUpperCase());
    }
    assertThat(flow.count(ENRICHED, "dimension_dead_lettered")).isEqualTo(unknown.size());
  }

  @Test
  void everyDwdEdgeBalancesWithDimensionCounters() {
    assertThat(flow.imbalances()).isEmpty();
    long filtered = orders.stream().filter(o -> o.quantity() <= 0).count();
    long missing =
        orders.stream()
            .filter(o -> o.quantity() > 0 && (!knownInstrument(o) || !knownAccount(o)))
            .count();
    assertThat(flow.count(ENRICHED, "filtered")).isEqualTo(filtered);
    assertThat(flow.count(ENRICHED, "dimension_missing")).isEqualTo(missing);
    assertThat(flow.count(ENRICHED, "out"))
        .isEqualTo(orders.stream().filter(o -> o.quantity() > 0 && knownInstrument(o)).count());
    assertThat(Set.of(flow.render().split("\n")))
        .anyMatch(l -> l.contains("dimension keys missing"));
  }
}
