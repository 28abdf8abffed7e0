package io.strata.lineage.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookAlertTargetTest {
  @Test
  void postsFiringThenResolvedAsJson() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          received.add(new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try {
      AlertBook book =
          new AlertBook(
              "shop",
              List.of(
                  new WebhookAlertTarget(
                      "http://127.0.0.1:" + server.getAddress().getPort() + "/hook")));
      Alert stale =
          Alert.of(
              "freshness",
              "dws.customer_minute",
              "critical",
              "dws.customer_minute is 2m 0s behind (SLO 30.0s)",
              120_000);
      book.update(List.of(stale), Instant.parse("2026-11-24T10:00:00Z"));
      book.update(List.of(stale), Instant.parse("2026-11-24T10:00:05Z"));
      book.update(List.of(), Instant.parse("2026-11-24T10:01:00Z"));
      long deadline = System.currentTimeMillis() + 10_000;
      while (received.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      server.stop(0);
    }
    assertThat(received).hasSize(2);
    JsonNode firing =
        received.stream()
            .filter(r -> r.path("status").asText().equals("firing"))
            .findFirst()
            .orElseThrow();
    assertThat(firing.path("pipeline").asText()).isEqualTo("shop");
    assertThat(firing.path("rule").asText()).isEqualTo("freshness");
    assertThat(firing.path("subject").asText()).isEqualTo("dws.customer_minute");
    assertThat(firing.path("since").asText()).isEqualTo("2026-11-24T10:00:00Z");
    JsonNode resolved =
        received.stream()
            .filter(r -> r.path("status").asText().equals("resolved"))
            .findFirst()
            .orElseThrow();
    assertThat(resolved.path("at").asText()).isEqualTo("2026-11-24T10:01:00Z");
  }
}
