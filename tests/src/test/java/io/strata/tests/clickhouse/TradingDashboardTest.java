package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.Pipelines;
import io.strata.cli.dashboard.ClickHouseDashboard;
import io.strata.tests.support.ClickHouseService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live dashboard reads the newest windows from real ClickHouse, a replayed row counted once.
 */
@Timeout(120)
class TradingDashboardTest {
  @TempDir Path dir;

  @Test
  void servesNewestWindowsReadThroughFinal() throws Exception {
    String url = ClickHouseService.url();
    String db = ClickHouseService.uniqueDatabase("strata_dash");
    ClickHouseService.execute("CREATE DATABASE IF NOT EXISTS " + db);
    ClickHouseService.execute(
        "CREATE TABLE "
            + db
            + ".dws_symbol_minute (window_start Int64, window_end Int64, symbol String,"
            + " trade_count Int64, volume Int64, notional Decimal(38, 4), vwap Decimal(18, 4), high Decimal(18, 4), low Decimal(18, 4),"
            + " _version UInt64) ENGINE = ReplacingMergeTree(_version) PARTITION BY toYYYYMMDD(toDateTime(intDiv(window_start, 1000), 'UTC'))"
            + " ORDER BY (symbol, window_start, window_end)");
    long m0 = 1795426200000L; // 2026-11-23 09:30 UTC
    String insert = "INSERT INTO " + db + ".dws_symbol_minute VALUES ";
    for (int i = 0; i < 3; i++) { // the same rows written twice, as after a restore
      ClickHouseService.execute(
          insert
              + "("
              + m0
              + ","
              + (m0 + 60000)
              + ",'AAPL',2,40,4030,100.75,101,100,"
              + (m0 + 60000)
              + "),"
              + "("
              + (m0 + 60000)
              + ","
              + (m0 + 120000)
              + ",'AAPL',1,10,1020,102,102,102,"
              + (m0 + 120000)
              + ")");
    }
    ClickHouseService.execute(
        insert
            + "("
            + (m0 - 600000)
            + ","
            + (m0 - 540000)
            + ",'MSFT',1,1,1,1,1,1,"
            + (m0 - 540000)
            + ")");

    Path reference =
        Path.of("..", "configs", "trading", "warehouse.conf").toAbsolutePath().normalize();
    Path config = dir.resolve("dash.conf");
    Files.writeString(
        config,
        "include file(\""
            + reference
            + "\")\nconnections.clickhouse { url = \""
            + url
            + "\", database = "
            + db
            + " }\n");
    try (ClickHouseDashboard d =
        ClickHouseDashboard.start(Pipelines.load(config), "symbol_minute", 0, 2)) {
      HttpClient http = HttpClient.newHttpClient();
      String page =
          http.send(
                  HttpRequest.newBuilder(URI.create(d.url())).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(page).contains("dws.symbol_minute", "setInterval(refresh, 1000)");
      JsonNode data =
          new ObjectMapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(d.url() + "data")).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      // Two newest minutes, each AAPL row once although written three times; MSFT is too old.
      assertThat(data.get("rows").asInt()).isEqualTo(2);
      assertThat(data.get("data").get(0).get("symbol").asText()).isEqualTo("AAPL");
      assertThat(data.get("data").get(0).get("trade_count").asText()).isEqualTo("1");
      assertThat(data.get("data").get(1).get("vwap").asDouble()).isEqualTo(100.75);
    } finally {
      ClickHouseService.execute("DROP DATABASE IF EXISTS " + db);
    }
  }
}
