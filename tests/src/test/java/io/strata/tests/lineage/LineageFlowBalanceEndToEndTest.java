package io.strata.tests.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.lineage.collect.EmbeddedRest;
import io.strata.lineage.collect.JobClientFlowSource;
import io.strata.lineage.health.Alert;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.service.LineageService;
import io.strata.tests.support.KafkaService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The trading pipeline on a real Kafka broker with the lineage service attached while it runs: its
 * counts on every edge equal what the independent computation and the Kafka topics say; a test-only
 * sink that loses rows raises the balance alert on exactly its edge (also sent to the webhook);
 * OpenLineage events reach an HTTP receiver and parse with the official client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LineageFlowBalanceEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRADES = 3000;
  private static final int DROP_EVERY = 7;

  private final List<String> openLineage = new CopyOnWriteArrayList<>();
  private final List<JsonNode> webhook = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private TradingLineageRun trading;
  private TradingTruth truth;
  private LineageService service;
  private HealthReport running;
  private HealthReport finished;

  @BeforeAll
  void runThePipelineWithTheLineageServiceAttached() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/api/v1/lineage",
        ex -> {
          openLineage.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(201, -1);
          ex.close();
        });
    receiver.createContext(
        "/alerts",
        ex -> {
          webhook.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort();

    trading =
        new TradingLineageRun(
            "lineage { openlineage = \""
                + receiverUrl
                + "\", webhook = \""
                + receiverUrl
                + "/alerts\" }");
    TradingScenario scenario =
        TradingScenario.generate(
            TradingScenario.Options.defaults().withTrades(TRADES).withSeed(20261124L));
    truth = TradingTruth.compute(scenario.records(), TradingTruth.Settings.flinkSqlDecimals());
    for (String t : TradingLineageRun.SOURCES) {
      KafkaService.produce(
          trading.topic(t),
          scenario.records().stream()
              .filter(r -> r.topic().equals(t))
              .map(ScenarioRecord::value)
              .toList());
    }

    long quotes =
        scenario.records().stream().filter(r -> r.topic().equals("trading.quotes")).count();
    Configuration conf = new Configuration();
    String rest = EmbeddedRest.configure(conf, 0);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    // Unbounded sources, drained with a savepoint once everything is read: the job is seen running
    // however fast the machine is, and still ends FINISHED with every window fired.
    JobContext ctx =
        JobComposer.compose(
            trading.graph,
            env,
            RunOptions.continuous().withConsumerGroupSuffix("." + trading.run),
            new KafkaDeadLetterOutput());
    // The injected loss: a second sink of dwd.trades that drops every 7th row but counts the rest.
    TableRef dwdTrades = new TableRef(Layer.DWD, "trades");
    ctx.stream(dwdTrades).stream()
        .addSink(new DroppingSink(dwdTrades, 1, DROP_EVERY))
        .name("dwd.trades/sink-1-dropping")
        .uid("dwd.trades/sink-1-dropping");
    String name = "strata:trading";
    JobClient job = env.executeAsync(name);

    LineageSettings settings =
        LineageSettings.of(trading.graph.pipeline())
            .withPort(0)
            .withPollInterval(Duration.ofMillis(500));
    service =
        LineageService.start(trading.graph, new JobClientFlowSource(job, name, rest), settings);
    // While it runs, the service reads the embedded job's REST API too (watermarks, vertices).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    java.util.concurrent.CompletableFuture<?> result = job.getJobExecutionResult();
    boolean drained = false;
    while (System.nanoTime() < deadline && !result.isDone()) {
      HealthReport r = service.monitor().latest();
      if (r != null
          && "RUNNING".equals(r.job().state())
          && r.tables().stream().anyMatch(t -> t.watermark() != null)) {
        running = r;
      }
      if (!drained
          && running != null
          && readOf(job, "ods.trades") >= TRADES
          && readOf(job, "ods.quotes") >= quotes) {
        job.stopWithSavepoint(
            true,
            Files.createTempDirectory("strata-lineage-sp").toUri().toString(),
            org.apache.flink.core.execution.SavepointFormatType.CANONICAL);
        drained = true;
      }
      Thread.sleep(200);
    }
    result.get(120, TimeUnit.SECONDS);
    finished = service.poll();
    // The webhook and OpenLineage HTTP deliveries are asynchronous.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until
        && (webhook.isEmpty() || openLineage.stream().noneMatch(e -> e.contains("\"COMPLETE\"")))) {
      Thread.sleep(100);
    }
  }

  private static long readOf(JobClient job, String table) throws Exception {
    Object v =
        job.getAccumulators()
            .get()
            .get(io.strata.layers.generate.FlowCounter.accumulatorName(table, "read"));
    return v instanceof Number n ? n.longValue() : 0L;
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private static HealthReport.TableHealth table(HealthReport r, String name) {
    return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }

  private static HealthReport.EdgeHealth edge(HealthReport r, String id) {
    return r.edges().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private long count(String table, String counter) {
    return table(finished, table).counts().getOrDefault(counter, 0L);
  }

  @Test
  void countsOnEveryEdgeEqualTheIndependentComputationAndTheTopics() throws Exception {
    assertThat(finished.job().state()).isEqualTo("FINISHED");
    TradingTruth.Counts c = truth.counts();
    assertThat(count("ods.trades", "read")).isEqualTo(c.odsTrades().in()).isEqualTo(TRADES);
    assertThat(count("ods.trades", "dead_lettered"))
        .isEqualTo(c.odsTrades().deadLettered())
        .isPositive();
    assertThat(count("dwd.trades", "filtered")).isEqualTo(c.dwdTrades().filtered()).isPositive();
    assertThat(count("dwd.trades", "deduplicated"))
        .isEqualTo(c.dwdTrades().deduplicated())
        .isPositive();
    assertThat(count("dws.symbol_minute", "late")).isEqualTo(c.symbolMinute().late()).isPositive();
    assertThat(count("ods.quotes", "dead_lettered")).isEqualTo(c.odsQuotes().deadLettered());
    assertThat(count("dwd.quotes", "filtered")).isEqualTo(c.dwdQuotes().filtered());

    // Against the topics themselves: what the sinks and dead-letter outputs wrote.
    assertThat(count("dwd.trades", "out"))
        .isEqualTo(records("trading.dwd.trades", (int) count("dwd.trades", "out")).size());
    assertThat(count("dwd.quotes", "out"))
        .isEqualTo(records("trading.dwd.quotes", (int) count("dwd.quotes", "out")).size());
    assertThat(count("dws.symbol_minute", "out"))
        .isEqualTo(
            records("trading.dws.symbol_minute", (int) count("dws.symbol_minute", "out")).size());
    assertThat(count("dws.account_minute", "out"))
        .isEqualTo(
            records("trading.dws.account_minute", (int) count("dws.account_minute", "out")).size());
    long deadAndLate =
        count("ods.trades", "dead_lettered")
            + count("dws.symbol_minute", "late")
            + count("dws.account_minute", "late");
    List<JsonNode> letters =
        records("trading.trades.dlq", (int) deadAndLate).stream()
            .map(LineageFlowBalanceEndToEndTest::json)
            .toList();
    assertThat(letters.stream().filter(l -> l.path("kind").asText().equals("undecodable")).count())
        .isEqualTo(count("ods.trades", "dead_lettered"));
    assertThat(
            letters.stream()
                .filter(l -> l.path("table").asText().equals("dws.symbol_minute"))
                .count())
        .isEqualTo(count("dws.symbol_minute", "late"));
    assertThat(
            letters.stream()
                .filter(l -> l.path("table").asText().equals("dws.account_minute"))
                .count())
        .isEqualTo(count("dws.account_minute", "late"));

    // The edges the API reports carry the same numbers.
    assertThat(
            edge(finished, "kafka:" + trading.topic("trading.trades") + "->ods.trades").upstream())
        .isEqualTo(TRADES);
    assertThat(edge(finished, "ods.trades->dwd.trades").breakdown())
        .containsEntry("filtered", (long) c.dwdTrades().filtered());
  }

  @Test
  void kafkaSinkEdgesAreCountedAndEqualTheRecordsInTheirTopics() {
    for (String t :
        List.of("dwd.trades", "dwd.quotes", "dws.symbol_minute", "dws.account_minute")) {
      HealthReport.EdgeHealth sink = edge(finished, t + "->" + t + "/sink0");
      assertThat(sink.balance()).as(t + " Kafka sink edge is checked").isEqualTo("OK");
      long written = count(t, "sink0_written");
      assertThat(written).as(t + " sink0_written").isPositive().isEqualTo(count(t, "out"));
      assertThat(sink.breakdown()).containsEntry("sink0_written", written);
      assertThat(records("trading." + t, (int) written))
          .as("records in the topic of " + t)
          .hasSize((int) written);
    }
  }

  @Test
  void theLossyTestSinkRaisesTheBalanceAlertOnItsEdgeOnly() {
    long out = count("dwd.trades", "out");
    long lost = out / DROP_EVERY;
    HealthReport.EdgeHealth lossy = edge(finished, "dwd.trades->dwd.trades/sink1");
    assertThat(lossy.balance()).isEqualTo("MISMATCH");
    assertThat(lossy.missing()).isEqualTo(lost).isPositive();
    assertThat(finished.edges().stream().filter(e -> e.balance().equals("MISMATCH")))
        .extracting(HealthReport.EdgeHealth::id)
        .containsExactly("dwd.trades->dwd.trades/sink1");
    assertThat(finished.edges().stream().filter(e -> !e.id().endsWith("/sink1")))
        .allMatch(e -> e.balance().equals("OK"));
    Alert alert =
        finished.alerts().stream()
            .filter(a -> a.rule().equals("balance"))
            .findFirst()
            .orElseThrow();
    assertThat(alert.subject()).isEqualTo("dwd.trades->dwd.trades/sink1");
    assertThat(alert.message())
        .contains("dwd.trades -> dwd.trades/sink1")
        .contains(lost + " missing");
    assertThat(webhook)
        .anySatisfy(
            w -> {
              assertThat(w.path("status").asText()).isEqualTo("firing");
              assertThat(w.path("rule").asText()).isEqualTo("balance");
              assertThat(w.path("subject").asText()).isEqualTo("dwd.trades->dwd.trades/sink1");
              assertThat(w.path("pipeline").asText()).isEqualTo("trading");
            });
  }

  @Test
  void whileRunningTheServiceSawWatermarksAndVertexLoadThroughTheEmbeddedRestApi() {
    assertThat(running).as("a report taken while the job ran, with watermarks").isNotNull();
    assertThat(running.capacity().vertices()).isNotEmpty();
    assertThat(running.capacity().vertices().stream().flatMap(v -> v.tables().stream()))
        .contains("ods.trades", "dwd.trades");
    assertThat(running.checkpoints()).isNotNull();
  }

  @Test
  void openLineageEventsReachTheEndpointAndParse() {
    List<OpenLineage.RunEvent> events =
        openLineage.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
    assertThat(events).extracting(e -> e.getEventType().name()).contains("START", "COMPLETE");
    OpenLineage.RunEvent pipelineDone =
        events.stream()
            .filter(
                e ->
                    e.getEventType() == OpenLineage.RunEvent.EventType.COMPLETE
                        && e.getJob().getName().equals("trading"))
            .findFirst()
            .orElseThrow();
    String ns = "kafka://" + KafkaService.bootstrap();
    assertThat(pipelineDone.getInputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactlyInAnyOrder(
            ns + "/" + trading.topic("trading.trades"), ns + "/" + trading.topic("trading.quotes"));
    assertThat(pipelineDone.getOutputs())
        .extracting(d -> d.getNamespace() + "/" + d.getName())
        .containsExactlyInAnyOrder(
            ns + "/" + trading.topic("trading.dwd.trades"),
                ns + "/" + trading.topic("trading.dwd.quotes"),
            ns + "/" + trading.topic("trading.dws.symbol_minute"),
                ns + "/" + trading.topic("trading.dws.account_minute"));
    assertThat(
            events.stream()
                .filter(e -> e.getEventType() == OpenLineage.RunEvent.EventType.COMPLETE)
                .map(e -> e.getJob().getName()))
        .containsExactlyInAnyOrder(
            "trading",
            "trading.ods.trades",
            "trading.ods.quotes",
            "trading.dwd.trades",
            "trading.dwd.quotes",
            "trading.dws.symbol_minute",
            "trading.dws.account_minute");

    JsonNode dwd =
        json(
            openLineage.stream()
                .filter(e -> e.contains("\"COMPLETE\"") && e.contains("\"trading.dwd.trades\""))
                .findFirst()
                .orElseThrow());
    assertThat(dwd.at("/inputs/0/name").asText()).isEqualTo("ods.trades");
    JsonNode notional = dwd.at("/outputs/0/facets/columnLineage/fields/notional/inputFields");
    assertThat(notional.findValuesAsText("field")).containsExactlyInAnyOrder("price", "quantity");
    JsonNode health = dwd.at("/run/facets/strata_flowHealth");
    assertThat(health.at("/counts/out").asLong()).isEqualTo(count("dwd.trades", "out"));
    assertThat(health.path("edges").findValuesAsText("balance")).contains("MISMATCH");
    assertThat(
            json(openLineage.stream()
                    .filter(e -> e.contains("\"COMPLETE\"") && e.contains("\"name\":\"trading\""))
                    .findFirst()
                    .orElseThrow())
                .at("/run/facets/strata_flowHealth/unbalancedEdges/0")
                .asText())
        .isEqualTo("dwd.trades->dwd.trades/sink1");
  }

  private List<byte[]> records(String base, int atLeast) {
    return KafkaService.readAtLeast(trading.topic(base), atLeast, Duration.ofSeconds(60)).stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    return json(text.getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unused")
  private static Map<String, Long> counts(HealthReport r, String t) {
    return table(r, t).counts();
  }
}
