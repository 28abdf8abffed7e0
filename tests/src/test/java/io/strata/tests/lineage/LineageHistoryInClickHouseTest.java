package io.strata.tests.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.collect.FlowSource;
import io.strata.lineage.flow.FlowCounts;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.history.ClickHouseHistoryStore;
import io.strata.lineage.service.LineageService;
import io.strata.tests.support.ClickHouseService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lineage service with {@code lineage.history} on the real ClickHouse server: what it saw is
 * written to a MergeTree table, and a service started again afterwards (nothing in memory) serves
 * that history from ClickHouse through {@code /api/history}. Days past the retention are dropped.
 */
@Timeout(180)
class LineageHistoryInClickHouseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES = 10;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A job whose ods.trades reads 100 rows every 2 s of sample time and that FAILS at its last
   * sample.
   */
  private static final class ScriptedJob implements FlowSource {
    private final Instant start;
    private final AtomicInteger next = new AtomicInteger();

    ScriptedJob(Instant start) {
      this.start = start;
    }

    @Override
    public FlowSample sample() {
      int i = Math.min(next.getAndIncrement(), SAMPLES - 1);
      Instant at = start.plusSeconds(2L * i);
      long read = 100L * i;
      Map<String, Map<String, Long>> counts =
          Map.of(
              "ods.trades", Map.of("read", read, "out", read), "dwd.trades", Map.of("out", read));
      return new FlowSample(
          at,
          "job-history-1",
          "strata:trading",
          i == SAMPLES - 1 ? "FAILED" : "RUNNING",
          FlowCounts.of(counts),
          Map.of("ods.trades", at.toEpochMilli() - 3000),
          new FlowSample.CheckpointStats(i, 0, 0, at.toEpochMilli(), 0, null, 50),
          List.of(),
          null);
    }

    @Override
    public String describe() {
      return "scripted job";
    }
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
  void historyWrittenToClickHouseIsServedAgainByARestartedService() throws Exception {
    String db = ClickHouseService.uniqueDatabase("lineage_history");
    TradingLineageRun trading =
        new TradingLineageRun(
            "connections { history_store { type = clickhouse, url = \""
                + ClickHouseService.url()
                + "\" } }\n"
                + "lineage { history { connection = history_store, database = "
                + db
                + ", every = 1s, retention = 30d } }");
    LineageSettings settings =
        LineageSettings.of(trading.graph.pipeline())
            .withPort(0)
            .withPollInterval(Duration.ofHours(1));
    assertThat(settings.historyStore().database()).isEqualTo(db);
    String table = "`" + db + "`.strata_lineage_history";

    // The table exists (created by the store) before the service runs; a row of a day long past the
    // retention is in it.
    ClickHouseHistoryStore.open(settings.historyStore(), "trading").close();
    String old = LocalDate.now(ZoneOffset.UTC).minusDays(40).toString();
    ClickHouseService.execute(
        "INSERT INTO "
            + table
            + " (day, at_ms, pipeline, job_id, kind, subject, name, value, detail) VALUES ('"
            + old
            + "', 1, 'trading', 'old', 'counter', 'ods.trades', 'read', 1, '')");
    String ddl = ClickHouseService.query("SHOW CREATE TABLE " + table).get(0).get(0);
    assertThat(ddl).contains("MergeTree").contains("PARTITION BY day");

    Instant start = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    ScriptedJob job = new ScriptedJob(start);
    try (LineageService first = LineageService.start(trading.graph, job, settings)) {
      while (job.next.get() < SAMPLES) {
        first.poll();
      }
      // A source that answers the last sample again (same time, same failed job) adds no row: the
      // alert it raised is recorded once.
      first.poll();
    }
    // Closing wrote what was buffered: every sample's counters, and the job alert of the FAILED
    // sample.
    assertThat(
            ClickHouseService.queryLong(
                "SELECT count() FROM "
                    + table
                    + " WHERE kind = 'counter' AND subject = 'ods.trades' AND name = 'read' AND job_id = 'job-history-1'"))
        .isEqualTo(SAMPLES);
    assertThat(
            ClickHouseService.queryLong(
                "SELECT count() FROM "
                    + table
                    + " WHERE kind = 'checkpoint' AND name = 'completed'"))
        .isEqualTo(SAMPLES);
    assertThat(
            ClickHouseService.queryLong(
                "SELECT count() FROM "
                    + table
                    + " WHERE kind = 'alert' AND name = 'job' AND detail LIKE 'raised: %FAILED%'"))
        .isEqualTo(1);
    assertThat(
            ClickHouseService.queryLong(
                "SELECT count() FROM " + table + " WHERE day = '" + old + "'"))
        .as("day past the retention dropped")
        .isZero();

    // A new service: nothing in memory from the first one, the history comes back from ClickHouse.
    try (LineageService second =
        LineageService.start(trading.graph, new ScriptedJob(Instant.now()), settings)) {
      JsonNode h =
          get(
              second.url()
                  + "api/history?table=ods.trades&counter=read&since="
                  + start.minusSeconds(1).toEpochMilli());
      assertThat(h.path("source").asText()).isEqualTo("clickhouse");
      List<long[]> stored = new ArrayList<>();
      h.path("points")
          .forEach(
              p -> {
                if (p.get(0).asLong() < start.plusSeconds(2L * SAMPLES).toEpochMilli()) {
                  stored.add(new long[] {p.get(0).asLong(), p.get(1).asLong()});
                }
              });
      assertThat(stored).hasSize(SAMPLES);
      for (int i = 0; i < SAMPLES; i++) {
        assertThat(stored.get(i))
            .containsExactly(start.plusSeconds(2L * i).toEpochMilli(), 100L * i);
      }
      JsonNode wm =
          get(
              second.url()
                  + "api/history?table=ods.trades&counter=watermark&since="
                  + start.minusSeconds(1).toEpochMilli());
      assertThat(wm.path("points").get(0).get(1).asLong()).isEqualTo(start.toEpochMilli() - 3000);
      JsonNode alerts = get(second.url() + "api/history/alerts?since=1h");
      assertThat(alerts.path("source").asText()).isEqualTo("clickhouse");
      assertThat(alerts.path("transitions").findValuesAsText("rule")).contains("job");
      assertThat(
              get(second.url() + "api/history?table=ods.trades&counter=read&since=2h")
                  .path("points")
                  .size())
          .isGreaterThanOrEqualTo(SAMPLES);
    }
  }
}
