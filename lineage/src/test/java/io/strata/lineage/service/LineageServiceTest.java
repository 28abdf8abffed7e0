package io.strata.lineage.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.lineage.TestPipelines;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.collect.FlowSource;
import io.strata.lineage.flow.FlowCounts;
import io.strata.lineage.health.LineageSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static FlowSource fixed() {
    return new FlowSource() {
      @Override
      public FlowSample sample() {
        return new FlowSample(
            Instant.now(),
            "j1",
            "strata:shop",
            "RUNNING",
            FlowCounts.of(TestPipelines.balanced()),
            Map.of("ods.orders", System.currentTimeMillis() - 2000),
            null,
            List.of(),
            null);
      }

      @Override
      public String describe() {
        return "fixed counts";
      }
    };
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndTheJsonApiOnLoopback() throws Exception {
    try (LineageService s =
        LineageService.start(
            TestPipelines.shop(), fixed(), LineageSettings.defaults().withPort(0))) {
      s.poll();
      assertThat(s.url()).startsWith("http://127.0.0.1:");
      assertThat(get(s.url(), null).body()).contains("<title>Strata lineage</title>");
      JsonNode health = JSON.readTree(get(s.url() + "api/health", null).body());
      assertThat(health.path("pipeline").asText()).isEqualTo("shop");
      assertThat(health.path("tables").findValuesAsText("table"))
          .containsExactly("ods.orders", "dwd.orders", "dws.customer_minute");
      assertThat(health.at("/tables/1/counts/filtered").asLong()).isEqualTo(10);
      assertThat(health.at("/tables/0/freshness").asText()).isEqualTo("GREEN");
      assertThat(health.at("/tables/0/lastBackfill/available").asBoolean(true)).isFalse();
      JsonNode columns = JSON.readTree(get(s.url() + "api/columns?table=dwd.orders", null).body());
      assertThat(columns.at("/lineage/amount_cents/0").asText()).isEqualTo("ods.orders.amount");
      assertThat(get(s.url() + "api/columns?table=dwd.nope", null).statusCode()).isEqualTo(404);
      JsonNode graph = JSON.readTree(get(s.url() + "api/graph", null).body());
      assertThat(graph.path("edges").findValuesAsText("id"))
          .contains("ods.orders->dwd.orders", "dwd.orders->dwd.orders/sink0");
      assertThat(
              JSON.readTree(get(s.url() + "api/history?table=ods.orders&counter=read", null).body())
                  .at("/points/0/1")
                  .asLong())
          .isEqualTo(100);
      assertThat(
              JSON.readTree(get(s.url() + "api/backfill", null).body())
                  .path("available")
                  .asBoolean(true))
          .isFalse();
      JsonNode corrections = JSON.readTree(get(s.url() + "api/corrections", null).body());
      assertThat(corrections.path("available").asBoolean(true)).isFalse();
      assertThat(corrections.path("note").asText()).contains("no clickhouse connection");
      JsonNode history =
          JSON.readTree(
              get(s.url() + "api/history?table=ods.orders&counter=read&since=10min", null).body());
      assertThat(history.path("source").asText()).isEqualTo("memory");
      assertThat(history.at("/points/0/1").asLong()).isEqualTo(100);
      assertThat(
              get(s.url() + "api/history?table=ods.orders&since=yesterday-ish", null).statusCode())
          .isEqualTo(400);
      assertThat(JSON.readTree(get(s.url() + "api/alerts", null).body()).has("pending")).isTrue();
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    assertThatThrownBy(
            () ->
                LineageService.start(
                    TestPipelines.shop(),
                    fixed(),
                    LineageSettings.defaults().withPort(0).withBind("0.0.0.0", null)))
        .hasMessageContaining("token");
  }

  @Test
  void aTokenIsRequiredWhenSet() throws Exception {
    try (LineageService s =
        LineageService.start(
            TestPipelines.shop(),
            fixed(),
            LineageSettings.defaults().withPort(0).withBind("127.0.0.1", "s3cret"))) {
      assertThat(get(s.url() + "api/health", null).statusCode()).isEqualTo(401);
      assertThat(get(s.url() + "api/health", "wrong").statusCode()).isEqualTo(401);
      assertThat(get(s.url() + "api/health", "s3cret").statusCode()).isEqualTo(200);
      assertThat(get(s.url() + "?token=s3cret", null).statusCode()).isEqualTo(200);
    }
  }
}
