package io.strata.tests.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingScenario;
import io.strata.layers.generate.FlowCounter;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.lineage.collect.EmbeddedRest;
import io.strata.lineage.collect.JobClientFlowSource;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.service.LineageService;
import io.strata.tests.support.ClickHouseService;
import io.strata.tests.support.KafkaService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The trading pipeline with ClickHouse sinks (DWD trades and both DWS tables, next to their Kafka
 * sinks) on real Kafka and ClickHouse, the lineage service attached while it runs: once the input
 * is consumed and the counts have settled, every edge balances, each ClickHouse sink's {@code
 * sink1_written} equals the rows in its table, and each reports an end-to-end latency that lies
 * between bounds computed from the table's own {@code _version}s and the test's clock, in the API
 * and on the page (headless Chromium, {@code bin/services start chromium}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LineageClickHouseEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRADES = 2000;

  /** table, its ClickHouse table; the ClickHouse sink is each table's second sink (index 1). */
  private static final List<String[]> CLICKHOUSE_SINKS =
      List.of(
          new String[] {"dwd.trades", "dwd_trades"},
          new String[] {"dws.symbol_minute", "dws_symbol_minute"},
          new String[] {"dws.account_minute", "dws_account_minute"});

  private String database;
  private LineageService service;
  private JobClient job;
  private long jobStartedAt;
  private HealthReport settled;
  private long settledAt;
  private JsonNode apiHealth;

  @BeforeAll
  void runUntilTheCountsSettle() throws Exception {
    database = ClickHouseService.uniqueDatabase("strata_lineage_ch");
    StringBuilder extra = new StringBuilder();
    extra
        .append("connections.warehouse { type = clickhouse, url = \"")
        .append(ClickHouseService.url())
        .append("\", database = \"")
        .append(database)
        .append("\" }\n");
    for (String[] s : CLICKHOUSE_SINKS) {
      extra
          .append(s[0])
          .append(
              ".sinks += { type = clickhouse, connection = warehouse, batch-size = 200,"
                  + " batch-interval = 200ms }\n");
    }
    // The scenario's event times are minutes in the past: an SLO that holds, so no alert fires.
    extra.append("lineage { latency-slo = 1h }\n");
    TradingLineageRun trading = new TradingLineageRun(extra.toString());

    // Event time starts 7 minutes ago, so rows are neither in the future nor days old.
    Instant start = Instant.now().minus(7, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    TradingScenario scenario =
        TradingScenario.generate(
            TradingScenario.Options.defaults()
                .withTrades(TRADES)
                .withSeed(20261124L)
                .withStart(start));
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
    JobContext ctx =
        JobComposer.compose(
            trading.graph,
            env,
            RunOptions.continuous().withConsumerGroupSuffix("." + trading.run),
            new KafkaDeadLetterOutput());
    JobComposer.prepareSinks(ctx); // creates the database and the three tables
    String name = "strata:trading";
    jobStartedAt = System.currentTimeMillis();
    job = env.executeAsync(name);
    service =
        LineageService.start(
            trading.graph,
            new JobClientFlowSource(job, name, rest),
            LineageSettings.of(trading.graph.pipeline())
                .withPort(0)
                .withPollInterval(Duration.ofMillis(500)));

    // Settled: everything read, and two polls 3 s apart with the same counts, every edge OK and
    // every ClickHouse sink's latency reported (Flink's REST API fetches metrics every 10 s).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
    HealthReport previous = null;
    while (System.nanoTime() < deadline) {
      Thread.sleep(3000);
      HealthReport r = service.poll();
      if (readOf("ods.trades") >= TRADES
          && readOf("ods.quotes") >= quotes
          && previous != null
          && counts(r).equals(counts(previous))
          && r.edges().stream().allMatch(e -> e.balance().equals("OK"))
          && CLICKHOUSE_SINKS.stream()
              .allMatch(s -> sink(r, s[0]).counted() && sink(r, s[0]).latencyMaxMillis() != null)) {
        settled = r;
        settledAt = System.currentTimeMillis();
        break;
      }
      previous = r;
    }
    assertThat(settled)
        .as("a settled report within 200 s; last: %s", previous == null ? null : previous.edges())
        .isNotNull();
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(service.url() + "api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    apiHealth = JSON.readTree(health.body());
  }

  @AfterAll
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (job != null) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    if (database != null) {
      ClickHouseService.execute("DROP DATABASE IF EXISTS `" + database + "`");
    }
  }

  @Test
  void everyEdgeBalancesAndEachClickHouseSinkWroteExactlyTheRowsInItsTable() {
    assertThat(settled.edges()).allMatch(e -> e.balance().equals("OK"));
    for (String[] s : CLICKHOUSE_SINKS) {
      HealthReport.EdgeHealth edge = edge(settled, s[0] + "->" + s[0] + "/sink1");
      long written = count(s[0], "sink1_written");
      assertThat(written).as(s[0] + " sink1_written").isPositive().isEqualTo(count(s[0], "out"));
      assertThat(edge.breakdown()).containsEntry("sink1_written", written);
      assertThat(count(s[0], "sink1_rejected")).isZero();
      // A clean run (no restore, no replay): every row written once, so the table holds as many
      // rows with and without FINAL, and one row per replacing key.
      assertThat(chLong("SELECT count() FROM " + table(s[1]) + " FINAL"))
          .as("rows in ClickHouse table " + s[1] + " FINAL")
          .isEqualTo(written);
      assertThat(chLong("SELECT count() FROM " + table(s[1])))
          .as("rows in ClickHouse table " + s[1])
          .isEqualTo(written);
      // And the Kafka sink of the same table took the same rows.
      assertThat(count(s[0], "sink0_written")).isEqualTo(written);
    }
    assertThat(chLong("SELECT uniqExact(trade_id) FROM " + table("dwd_trades")))
        .isEqualTo(count("dwd.trades", "sink1_written"));
  }

  @Test
  void eachClickHouseSinkReportsAnEndToEndLatencyWithinBoundsFromItsTable() {
    for (String[] s : CLICKHOUSE_SINKS) {
      HealthReport.SinkHealth sink = sink(settled, s[0]);
      // Every row became visible after the job started and before now, so its latency lies
      // between (job start - newest _version) and (now - oldest _version) of the table.
      long newest = chLong("SELECT max(_version) FROM " + table(s[1]));
      long oldest = chLong("SELECT min(_version) FROM " + table(s[1]));
      long lower = jobStartedAt - newest;
      long upper = settledAt - oldest;
      assertThat(lower).as("rows of %s are older than the job", s[0]).isPositive();
      System.out.printf(
          "%s/sink1: written %d, latency max %d ms, mean %d ms, bounds [%d, %d] ms%n",
          s[0],
          count(s[0], "sink1_written"),
          sink.latencyMaxMillis(),
          sink.latencyMeanMillis(),
          lower,
          upper);
      assertThat(sink.latencyMaxMillis())
          .as("%s latency max (ms)", s[0])
          .isBetween(lower, upper)
          .isGreaterThanOrEqualTo(sink.latencyMeanMillis());
      assertThat(sink.latencyMeanMillis()).as("%s latency mean (ms)", s[0]).isBetween(lower, upper);
      assertThat(sink.latencySloMillis()).isEqualTo(Duration.ofHours(1).toMillis());
      assertThat(sink.latency().name()).isEqualTo("GREEN");
    }
    // Sinks that do not measure it (Kafka) report none.
    assertThat(sink(settled, "dwd.quotes", 0).latencyMaxMillis()).isNull();
    assertThat(settled.alerts()).noneMatch(a -> a.rule().equals("latency"));
  }

  @Test
  void theApiShowsTheLatencyOfEveryClickHouseSink() {
    for (String[] s : CLICKHOUSE_SINKS) {
      JsonNode sink = null;
      for (JsonNode n : apiHealth.path("sinks")) {
        if (n.path("id").asText().equals(s[0] + "/sink1")) {
          sink = n;
        }
      }
      assertThat(sink).as("%s/sink1 in /api/health", s[0]).isNotNull();
      assertThat(sink.path("latencyMaxMillis").asLong()).isPositive();
      assertThat(sink.path("latencyMeanMillis").asLong()).isPositive();
      assertThat(sink.path("latency").asText()).isEqualTo("GREEN");
    }
  }

  @Test
  void thePageShowsTheLatencyUnderEveryClickHouseSink() throws Exception {
    java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("strata-chromium-profile");
    RemoteWebDriver browser = ChromiumService.newBrowser(profile);
    try {
      browser.get(service.url());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (String[] s : CLICKHOUSE_SINKS) {
        By line = By.cssSelector("[data-sink='" + s[0] + "/sink1'] [data-role=sink-latency]");
        String text = "";
        while (System.nanoTime() < deadline) {
          List<WebElement> found = browser.findElements(line);
          text = found.isEmpty() ? "" : found.get(0).getText();
          if (!text.isEmpty()) {
            break;
          }
          Thread.sleep(200);
        }
        assertThat(text)
            .as("latency line of %s/sink1", s[0])
            .matches("visible after \\S+( \\S+)? max · \\S+( \\S+)? mean \\(SLO 1h 0m\\)");
        assertThat(browser.findElement(line).getAttribute("class")).contains("green");
      }
      // A Kafka sink measures no latency: its line stays empty.
      assertThat(
              browser
                  .findElement(
                      By.cssSelector("[data-sink='dwd.quotes/sink0'] [data-role=sink-latency]"))
                  .getText())
          .isEmpty();
    } finally {
      browser.quit();
    }
  }

  private long readOf(String table) throws Exception {
    Object v = job.getAccumulators().get().get(FlowCounter.accumulatorName(table, "read"));
    return v instanceof Number n ? n.longValue() : 0L;
  }

  private String table(String name) {
    return "`" + database + "`.`" + name + "`";
  }

  private static long chLong(String sql) {
    return ClickHouseService.queryLong(sql);
  }

  private long count(String table, String counter) {
    return settled.tables().stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow()
        .counts()
        .getOrDefault(counter, 0L);
  }

  /** The counts of a report without the latency gauges, which move while the counts rest. */
  private static Map<String, Map<String, Long>> counts(HealthReport r) {
    Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
    for (HealthReport.TableHealth t : r.tables()) {
      Map<String, Long> c = new java.util.TreeMap<>(t.counts());
      c.keySet().removeIf(k -> k.contains("_latency_"));
      out.put(t.table(), c);
    }
    return out;
  }

  private static HealthReport.EdgeHealth edge(HealthReport r, String id) {
    return r.edges().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private static HealthReport.SinkHealth sink(HealthReport r, String table) {
    return sink(r, table, 1);
  }

  private static HealthReport.SinkHealth sink(HealthReport r, String table, int index) {
    return r.sinks().stream()
        .filter(s -> s.id().equals(table + "/sink" + index))
        .findFirst()
        .orElseThrow();
  }
}
