package io.strata.tests.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradeAvro;
import io.strata.demo.TradingEventSource;
import io.strata.demo.TradingScenario;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.lineage.collect.EmbeddedRest;
import io.strata.lineage.collect.JobClientFlowSource;
import io.strata.lineage.health.HealthReport;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.service.LineageService;
import io.strata.tests.support.KafkaService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The trading demo, live: trades and quotes generated with wall-clock event time into this run's
 * own topics on the real broker, the generated job running embedded, the lineage service attached.
 * A real headless Chromium opens the page; the graph shows every layer with live counts; when the
 * input stops, the downstream tables' freshness turns red; the counts then equal what the topics
 * hold.
 */
class LineagePageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLES =
      List.of(
          "ods.trades",
          "ods.quotes",
          "dwd.trades",
          "dwd.quotes",
          "dws.symbol_minute",
          "dws.account_minute");

  @Test
  @Timeout(value = 270, unit = TimeUnit.SECONDS)
  void thePageShowsEveryLayerLiveAndStaleDownstreamTablesTurnRed() throws Exception {
    // SLO 40 s: fresh (under half the SLO) while trades flow even on a loaded machine, where the
    // watermark trails the input by 5-15 s; red about 40 s after they stop.
    TradingLineageRun trading =
        new TradingLineageRun("lineage { freshness-slo = 40s, alerts { for = 10s } }");
    Configuration conf = new Configuration();
    String rest = EmbeddedRest.configure(conf, 0);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    JobContext ctx =
        JobComposer.compose(
            trading.graph,
            env,
            RunOptions.continuous().withConsumerGroupSuffix("." + trading.run),
            new KafkaDeadLetterOutput());
    JobComposer.prepareSinks(ctx);

    Map<String, AtomicLong> produced = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread producer = new Thread(() -> produce(trading::topic, produced, stop), "live-trades");
    Path profile = Files.createTempDirectory("strata-chromium-profile");
    JobClient job = null;
    LineageService service = null;
    RemoteWebDriver browser = null;
    try {
      producer.start();
      job = env.executeAsync("strata:trading");
      LineageSettings settings =
          LineageSettings.of(trading.graph.pipeline())
              .withPort(0)
              .withPollInterval(Duration.ofSeconds(1))
              .withBalanceGrace(Duration.ofSeconds(20));
      service =
          LineageService.start(
              trading.graph, new JobClientFlowSource(job, "strata:trading", rest), settings);

      browser = ChromiumService.newBrowser(profile);
      browser.get(service.url());
      Waiter wait = new Waiter(browser, Duration.ofSeconds(120));

      // Every layer is on the page with live counts, and everything is fresh while trades flow.
      for (String t : TABLES) {
        wait.until(d -> !d.findElements(By.cssSelector("[data-table='" + t + "']")).isEmpty());
      }
      wait.until(
          d ->
              positive(d, "ods.trades", "read")
                  && positive(d, "ods.quotes", "read")
                  && positive(d, "dwd.trades", "out")
                  && positive(d, "dwd.quotes", "out")
                  && positive(d, "dws.symbol_minute", "windowed")
                  && positive(d, "dws.account_minute", "windowed"));
      wait.until(d -> TABLES.stream().allMatch(t -> "green".equals(attr(d, t, "data-freshness"))));
      assertThat(browser.findElements(By.cssSelector(".column-title")))
          .extracting(WebElement::getText)
          .containsExactly("KAFKA SOURCES", "ODS", "DWD", "DWS", "SINKS");
      assertThat(
              browser
                  .findElement(By.cssSelector("[data-table='dwd.trades'] [data-role=freshness]"))
                  .getText())
          .startsWith("behind ");
      assertThat(
              browser.findElements(
                  By.cssSelector(".edge-label[data-edge='ods.trades->dwd.trades']")))
          .hasSize(1);
      assertThat(browser.findElements(By.cssSelector("path.edge"))).hasSizeGreaterThanOrEqualTo(10);

      // Column lineage on click.
      browser.findElement(By.cssSelector("[data-table='dwd.trades']")).click();
      wait.until(
          d -> !d.findElements(By.cssSelector("#columns tr[data-column='notional']")).isEmpty());
      assertThat(
              browser.findElement(By.cssSelector("#columns tr[data-column='notional']")).getText())
          .contains("ods.trades.price")
          .contains("ods.trades.quantity");

      // The input stops: downstream freshness turns red, on the page.
      stop.set(true);
      producer.join(30_000);
      Instant stopped = Instant.now();
      Waiter stale = new Waiter(browser, Duration.ofSeconds(100));
      for (String t :
          List.of("dwd.trades", "dwd.quotes", "dws.symbol_minute", "dws.account_minute")) {
        stale.until(d -> "red".equals(attr(d, t, "data-freshness")));
        assertThat(attr(browser, t, "data-status")).isEqualTo("red");
      }
      assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(100));
      wait.until(
          d ->
              !d.findElements(
                      By.cssSelector(
                          ".alert[data-rule='freshness'][data-subject='dws.symbol_minute']"))
                  .isEmpty());
      // Kept for a human to look at: what the on-call engineer would have seen.
      Files.write(
          Path.of("target", "lineage-page-stale.png"),
          browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

      // Once everything has drained, the counts on every edge equal what the topics hold.
      HealthReport r = settled(service);
      assertThat(count(r, "ods.trades", "read")).isEqualTo(produced.get("trading.trades").get());
      assertThat(count(r, "ods.quotes", "read")).isEqualTo(produced.get("trading.quotes").get());
      assertThat(r.edges()).allMatch(e -> e.balance().equals("OK"));
      assertThat(r.sinks()).allMatch(HealthReport.SinkHealth::counted);
      assertThat(count(r, "dwd.trades", "out"))
          .isEqualTo(topicSize(trading, "trading.dwd.trades", count(r, "dwd.trades", "out")));
      assertThat(count(r, "dwd.quotes", "out"))
          .isEqualTo(topicSize(trading, "trading.dwd.quotes", count(r, "dwd.quotes", "out")));
      assertThat(count(r, "dws.symbol_minute", "out"))
          .isEqualTo(
              topicSize(
                  trading, "trading.dws.symbol_minute", count(r, "dws.symbol_minute", "out")));
      List<JsonNode> letters =
          KafkaService.readAtLeast(
                  trading.topic("trading.trades.dlq"),
                  (int)
                      (count(r, "ods.trades", "dead_lettered")
                          + count(r, "dws.symbol_minute", "late")
                          + count(r, "dws.account_minute", "late")),
                  Duration.ofSeconds(30))
              .stream()
              .map(c -> json(c.value()))
              .toList();
      assertThat(
              letters.stream().filter(l -> l.path("kind").asText().equals("undecodable")).count())
          .isEqualTo(count(r, "ods.trades", "dead_lettered"));
      assertThat(
              letters.stream()
                  .filter(l -> l.path("table").asText().equals("dws.symbol_minute"))
                  .count())
          .isEqualTo(count(r, "dws.symbol_minute", "late"));
      long quoteLetters =
          KafkaService.readAll(trading.topic("trading.quotes.dlq"), Duration.ofSeconds(5)).size();
      assertThat(quoteLetters).isEqualTo(count(r, "ods.quotes", "dead_lettered"));
      // The counts the page shows are the service's.
      browser.navigate().refresh();
      wait.until(
          d ->
              String.valueOf(count(r, "ods.trades", "read"))
                  .equals(attr(d, "ods.trades", "read", "data-read")));
      // The Kafka sinks count what they are handed: their nodes show it, equal to the table's out.
      wait.until(
          d ->
              d.findElement(
                      By.cssSelector("[data-sink='dwd.trades/sink0'] [data-role=sink-counts]"))
                  .getText()
                  .startsWith(
                      "written "
                          + String.format(
                              java.util.Locale.US, "%,d", count(r, "dwd.trades", "out"))));

      // The API answers the same questions as JSON.
      JsonNode health =
          JSON.readTree(
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(service.url() + "api/health")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(health.path("tables").findValuesAsText("table"))
          .containsExactlyInAnyOrderElementsOf(TABLES);
      assertThat(health.path("alerts").findValuesAsText("rule")).contains("freshness");
    } finally {
      stop.set(true);
      if (browser != null) {
        browser.quit();
      }
      if (service != null) {
        service.close();
      }
      if (job != null) {
        job.cancel();
      }
    }
  }

  /** Polls the page until a condition holds; fails with what it waited for. */
  private record Waiter(org.openqa.selenium.WebDriver driver, Duration timeout) {
    void until(java.util.function.Predicate<org.openqa.selenium.WebDriver> condition)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      RuntimeException last = null;
      while (System.nanoTime() < deadline) {
        try {
          if (condition.test(driver)) {
            return;
          }
        } catch (org.openqa.selenium.StaleElementReferenceException | NumberFormatException e) {
          last = e; // the page re-rendered between finding and reading an element
        }
        Thread.sleep(500);
      }
      throw new AssertionError(
          "the lineage page did not reach the expected state within "
              + timeout.toSeconds()
              + "s; page text:\n"
              + driver.findElement(By.tagName("body")).getText(),
          last);
    }
  }

  /**
   * Writes the live trading stream (wall-clock event time, with malformed, filtered, duplicate and
   * late records) until stopped.
   */
  private static void produce(
      Function<String, String> topic, Map<String, AtomicLong> produced, AtomicBoolean stop) {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KafkaService.bootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    TradingScenario.Options options =
        TradingScenario.Options.defaults()
            .withStart(Instant.now())
            .withSeed(7L)
            .withTradeIdPrefix("lineage-" + System.nanoTime());
    TradingEventSource source = TradingEventSource.unbounded(options, TradeAvro.fromClasspath());
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      while (!stop.get()) {
        for (ScenarioRecord r : source.next(System.currentTimeMillis())) {
          p.send(new ProducerRecord<>(topic.apply(r.topic()), r.key(), r.value()));
          produced.computeIfAbsent(r.topic(), k -> new AtomicLong()).incrementAndGet();
        }
        Thread.sleep(10);
      }
      p.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String attr(org.openqa.selenium.WebDriver d, String table, String name) {
    List<WebElement> e = d.findElements(By.cssSelector("[data-table='" + table + "']"));
    return e.isEmpty() ? null : e.get(0).getAttribute(name);
  }

  private static String attr(
      org.openqa.selenium.WebDriver d, String table, String counter, String name) {
    List<WebElement> e =
        d.findElements(By.cssSelector("[data-table='" + table + "'] [data-role=counts]"));
    return e.isEmpty() ? null : e.get(0).getAttribute(name);
  }

  private static boolean positive(org.openqa.selenium.WebDriver d, String table, String counter) {
    String v = attr(d, table, counter, "data-" + counter);
    return v != null && !v.isEmpty() && Long.parseLong(v) > 0;
  }

  /**
   * The report once the counts stopped moving for a few polls (everything in flight has arrived).
   */
  private static HealthReport settled(LineageService service) throws InterruptedException {
    HealthReport last = null;
    int stable = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && stable < 3) {
      Thread.sleep(1000);
      HealthReport r = service.monitor().latest();
      HealthReport previous = last;
      boolean same =
          previous != null
              && r.tables().stream()
                  .allMatch(t -> t.counts().equals(table(previous, t.table()).counts()));
      stable = same ? stable + 1 : 0;
      last = r;
    }
    return last;
  }

  private static HealthReport.TableHealth table(HealthReport r, String name) {
    return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }

  private static long count(HealthReport r, String table, String counter) {
    return table(r, table).counts().getOrDefault(counter, 0L);
  }

  private static long topicSize(TradingLineageRun trading, String base, long atLeast) {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaService.readAtLeast(trading.topic(base), (int) atLeast, Duration.ofSeconds(30));
    return records.size();
  }

  private static JsonNode json(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
