package io.strata.tests.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.collect.FlowSource;
import io.strata.lineage.flow.FlowCounts;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.service.LineageService;
import io.strata.tests.support.ClickHouseService;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The backfill's correction reports, as the backfill stores them in the real ClickHouse ({@code
 * <database>.strata_backfill_corrections}, one row per run and table), on the lineage service:
 * {@code /api/corrections} gives every table's last run and its trend, and in a real headless
 * Chromium each table node shows its last correction and a click shows the trend.
 */
@Timeout(180)
class LineageCorrectionsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** The columns and engine CorrectionReport.store(...) creates. */
  private static void createReportTable(String db) {
    ClickHouseService.execute("CREATE DATABASE IF NOT EXISTS `" + db + "`");
    ClickHouseService.execute(
        "CREATE TABLE IF NOT EXISTS `"
            + db
            + "`.`strata_backfill_corrections` (run_id String, pipeline String, layer_table String, partition String,"
            + " run_time DateTime, status String, rows_realtime UInt64, rows_batch UInt64, only_realtime UInt64, only_batch UInt64,"
            + " changed UInt64, correction Float64, report String) ENGINE = MergeTree ORDER BY (pipeline, layer_table, partition, run_time)");
  }

  /** One report row, written as the backfill writes it (TabSeparated, run_time in UTC). */
  private static String row(
      String run,
      String pipeline,
      String table,
      String day,
      String runTime,
      String status,
      long rt,
      long batch,
      long onlyRt,
      long onlyBatch,
      long changed,
      double correction) {
    return String.join(
        "\t",
        run,
        pipeline,
        table,
        day,
        runTime,
        status,
        Long.toString(rt),
        Long.toString(batch),
        Long.toString(onlyRt),
        Long.toString(onlyBatch),
        Long.toString(changed),
        Double.toString(correction),
        "{\"runId\":\"" + run + "\"}");
  }

  private static FlowSource runningJob() {
    return new FlowSource() {
      @Override
      public FlowSample sample() {
        return new FlowSample(
            Instant.now(),
            "job-corrections",
            "strata:trading",
            "RUNNING",
            FlowCounts.of(Map.of("ods.trades", Map.of("read", 10L, "out", 10L))),
            Map.of(),
            null,
            List.of(),
            null);
      }

      @Override
      public String describe() {
        return "a running job";
      }
    };
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theLastCorrectionOfEveryTableIsOnTheApiAndOnItsNodeAndTheTrendOnClick() throws Exception {
    String db = ClickHouseService.uniqueDatabase("lineage_corrections");
    createReportTable(db);
    ClickHouseService.execute(
        "INSERT INTO `"
            + db
            + "`.strata_backfill_corrections FORMAT TabSeparated\n"
            + String.join(
                "\n",
                row(
                    "run-21",
                    "trading",
                    "dws.symbol_minute",
                    "2026-11-21",
                    "2026-11-22 02:30:00",
                    "swapped",
                    1000,
                    1001,
                    0,
                    1,
                    2,
                    0.001),
                row(
                    "run-22",
                    "trading",
                    "dws.symbol_minute",
                    "2026-11-22",
                    "2026-11-23 02:30:00",
                    "unchanged",
                    1000,
                    1000,
                    0,
                    0,
                    0,
                    0.0),
                row(
                    "run-23",
                    "trading",
                    "dws.symbol_minute",
                    "2026-11-23",
                    "2026-11-24 02:30:00",
                    "swapped",
                    1000,
                    1001,
                    2,
                    3,
                    7,
                    0.0125),
                row(
                    "run-23",
                    "trading",
                    "dws.account_minute",
                    "2026-11-23",
                    "2026-11-24 02:30:00",
                    "refused",
                    500,
                    520,
                    0,
                    20,
                    40,
                    0.08),
                // Another pipeline's report in the same table: not this pipeline's.
                row(
                    "run-x",
                    "other",
                    "dws.symbol_minute",
                    "2026-11-23",
                    "2026-11-24 03:00:00",
                    "swapped",
                    1,
                    1,
                    0,
                    0,
                    0,
                    0.5))
            + "\n");

    TradingLineageRun trading =
        new TradingLineageRun(
            "connections { warehouse { type = clickhouse, url = \""
                + ClickHouseService.url()
                + "\", database = "
                + db
                + " } }");
    LineageSettings settings =
        LineageSettings.of(trading.graph.pipeline())
            .withPort(0)
            .withPollInterval(Duration.ofSeconds(1));
    Path profile = Files.createTempDirectory("strata-chromium-profile");
    RemoteWebDriver browser = null;
    try (LineageService service = LineageService.start(trading.graph, runningJob(), settings)) {
      service.refreshCorrections();
      JsonNode c = get(service.url() + "api/corrections");
      assertThat(c.path("available").asBoolean()).isTrue();
      JsonNode symbol = c.at("/tables/dws.symbol_minute");
      assertThat(symbol.at("/last/runId").asText()).isEqualTo("run-23");
      assertThat(symbol.at("/last/status").asText()).isEqualTo("swapped");
      assertThat(symbol.at("/last/correction").asDouble()).isEqualTo(0.0125);
      assertThat(symbol.at("/last/rowsChanged").asLong()).isEqualTo(12);
      assertThat(symbol.at("/last/runTime").asText()).isEqualTo("2026-11-24 02:30:00");
      assertThat(symbol.path("trend").findValuesAsText("partition"))
          .containsExactly("2026-11-23", "2026-11-22", "2026-11-21");
      assertThat(symbol.path("trend").findValuesAsText("status"))
          .containsExactly("swapped", "unchanged", "swapped");
      assertThat(c.at("/tables/dws.account_minute/last/status").asText()).isEqualTo("refused");
      assertThat(c.path("tables").has("dwd.trades")).isFalse();
      assertThat(
              get(service.url() + "api/corrections?runs=2")
                  .at("/tables/dws.symbol_minute/trend")
                  .size())
          .isEqualTo(2);

      browser = ChromiumService.newBrowser(profile);
      browser.get(service.url());
      waitUntil(
          browser, d -> "0.0125".equals(backfillAttr(d, "dws.symbol_minute", "data-correction")));
      WebElement line =
          browser.findElement(
              By.cssSelector("[data-table='dws.symbol_minute'] [data-role=backfill]"));
      assertThat(line.getText()).contains("1.2500%").contains("12 rows").contains("swapped");
      assertThat(backfillAttr(browser, "dws.account_minute", "data-status")).isEqualTo("refused");
      assertThat(
              browser
                  .findElement(
                      By.cssSelector("[data-table='dws.account_minute'] [data-role=backfill]"))
                  .getAttribute("class"))
          .contains("refused");
      assertThat(
              browser
                  .findElement(By.cssSelector("[data-table='dwd.trades'] [data-role=backfill]"))
                  .getText())
          .isEmpty();

      browser.findElement(By.cssSelector("[data-table='dws.symbol_minute']")).click();
      waitUntil(
          browser,
          d ->
              d.findElements(
                          By.cssSelector(
                              "#backfill table[data-trend='dws.symbol_minute'] tr[data-run]"))
                      .size()
                  == 3);
      List<WebElement> runs =
          browser.findElements(
              By.cssSelector("#backfill table[data-trend='dws.symbol_minute'] tr[data-run]"));
      assertThat(runs)
          .extracting(r -> r.getAttribute("data-run"))
          .containsExactly("run-23", "run-22", "run-21");
      assertThat(runs.get(0).getText()).contains("2026-11-23").contains("1.2500%").contains("12");
      Files.write(
          Path.of("target", "lineage-page-corrections.png"),
          browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } finally {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  private static String backfillAttr(WebDriver d, String table, String name) {
    List<WebElement> e =
        d.findElements(By.cssSelector("[data-table='" + table + "'] [data-role=backfill]"));
    return e.isEmpty() ? null : e.get(0).getAttribute(name);
  }

  private static void waitUntil(WebDriver d, java.util.function.Predicate<WebDriver> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.test(d)) {
          return;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        // the page re-rendered between finding and reading an element
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        "the lineage page did not reach the expected state; page text:\n"
            + d.findElement(By.tagName("body")).getText());
  }
}
