package io.strata.lineage.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.health.HealthReport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a pipeline run's OpenLineage events through the official client: START when the job is
 * first seen running, RUNNING every few minutes (and when alerts change), then COMPLETE, FAIL or
 * ABORT when the job ends. Target: an HTTP endpoint ({@code http://marquez:5000}, path defaults to
 * {@code /api/v1/lineage}) or a file ({@code file:///var/log/strata/ol.jsonl}, one event a line). A
 * failed delivery is logged and never stops the service.
 */
public final class OpenLineageEmitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);

  private final OpenLineageEvents events;
  private final OpenLineageClient client;
  private final Duration every;
  private final Set<String> started = new HashSet<>();
  private final Set<String> ended = new HashSet<>();
  private Instant lastRunning = Instant.EPOCH;
  private int lastAlertCount = -1;

  public OpenLineageEmitter(LayerGraph graph, String target, Duration every) {
    this.events = new OpenLineageEvents(graph);
    this.client = new OpenLineageClient(transport(target));
    this.every = every;
  }

  /**
   * Fails with a message a user can act on unless {@code target} is an http(s) URL or a file://
   * path.
   */
  public static void checkTarget(String target) {
    String scheme;
    try {
      scheme = URI.create(target).getScheme();
    } catch (IllegalArgumentException e) {
      scheme = null;
    }
    if (!"file".equals(scheme) && !"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "lineage.openlineage must be an http(s):// URL or a file:// path, not '" + target + "'");
    }
  }

  static Transport transport(String target) {
    checkTarget(target);
    URI uri = URI.create(target);
    if ("file".equals(uri.getScheme())) {
      return new FileTransport(new FileConfig(Path.of(uri).toString()));
    }
    if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
      HttpConfig c = new HttpConfig();
      c.setUrl(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
      c.setEndpoint(
          uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
              ? "/api/v1/lineage"
              : uri.getRawPath());
      c.setTimeoutInMillis(5000);
      return new HttpTransport(c);
    }
    throw new IllegalArgumentException(
        "lineage.openlineage must be an http(s):// URL or a file:// path, not '" + target + "'");
  }

  /** Called after every evaluation; emits what the job's state calls for. */
  public void onReport(HealthReport report) {
    String jobId = report.job().id();
    if (jobId == null) {
      return;
    }
    String state = report.job().state();
    try {
      if (started.add(jobId)) {
        emit(OpenLineage.RunEvent.EventType.START, jobId, report);
        lastRunning = report.at();
      }
      OpenLineage.RunEvent.EventType end =
          switch (state) {
            case "FINISHED" -> OpenLineage.RunEvent.EventType.COMPLETE;
            case "FAILED" -> OpenLineage.RunEvent.EventType.FAIL;
            case "CANCELED" -> OpenLineage.RunEvent.EventType.ABORT;
            default -> null;
          };
      if (end != null) {
        if (ended.add(jobId)) {
          emit(end, jobId, report);
        }
        return;
      }
      boolean alertsChanged = lastAlertCount >= 0 && report.alerts().size() != lastAlertCount;
      lastAlertCount = report.alerts().size();
      if (alertsChanged || Duration.between(lastRunning, report.at()).compareTo(every) >= 0) {
        emit(OpenLineage.RunEvent.EventType.RUNNING, jobId, report);
        lastRunning = report.at();
      }
    } catch (RuntimeException e) {
      LOG.warn("OpenLineage emission failed: {}", e.toString());
    }
  }

  private void emit(OpenLineage.RunEvent.EventType type, String jobId, HealthReport report) {
    for (OpenLineage.RunEvent e : events.events(type, jobId, report)) {
      client.emit(e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      LOG.debug("closing the OpenLineage client", e);
    }
  }
}
