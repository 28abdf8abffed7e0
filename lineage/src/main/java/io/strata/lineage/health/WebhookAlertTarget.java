package io.strata.lineage.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert transition as JSON to a URL: {@code {"status": "firing"|"resolved", "pipeline",
 * "rule", "subject", "severity", "message", "value", "since", "at"}}. Sent asynchronously with a
 * timeout; a failed delivery is logged, never blocks the evaluation.
 */
public final class WebhookAlertTarget implements AlertTarget {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertTarget.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public WebhookAlertTarget(String url) {
    this.url = URI.create(url);
  }

  @Override
  public void raised(String pipeline, Alert alert) {
    post(body("firing", pipeline, alert, alert.since()));
  }

  @Override
  public void cleared(String pipeline, Alert alert, Instant at) {
    post(body("resolved", pipeline, alert, at));
  }

  static ObjectNode body(String status, String pipeline, Alert a, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("status", status);
    n.put("pipeline", pipeline);
    n.put("rule", a.rule());
    n.put("subject", a.subject());
    n.put("severity", a.severity());
    n.put("message", a.message());
    n.put("value", a.value());
    n.put("since", String.valueOf(a.since()));
    n.put("at", String.valueOf(at));
    return n;
  }

  private void post(ObjectNode body) {
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (resp, e) -> {
              if (e != null) {
                LOG.warn("alert webhook {} failed: {}", url, e.toString());
              } else if (resp.statusCode() >= 300) {
                LOG.warn("alert webhook {} answered {}", url, resp.statusCode());
              }
            });
  }
}
