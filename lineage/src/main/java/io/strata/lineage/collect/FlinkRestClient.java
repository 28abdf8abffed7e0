package io.strata.lineage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parts of Flink's REST API (same on a MiniCluster and a standalone or YARN cluster) that the
 * lineage service reads. Every call is a small JSON GET with a timeout; aggregated per vertex by
 * the JobManager ({@code subtasks/metrics?agg=}), so the service never pulls one series per subtask.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final HttpClient http;
  private final Duration timeout;

  public FlinkRestClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(5));
  }

  public FlinkRestClient(String baseUrl, Duration timeout) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public String baseUrl() {
    return base;
  }

  /** GET {@code path} as JSON; throws with the status and body on anything but 200. */
  public JsonNode get(String path) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + base + path, e);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("Flink REST " + base + path + " answered " + resp.statusCode() + ": " + abbreviate(resp.body()));
    }
    return JSON.readTree(resp.body());
  }

  /** A job in {@code /jobs/overview}. */
  public record JobOverview(String id, String name, String state, long startTime) {}

  public List<JobOverview> jobs() throws IOException {
    List<JobOverview> out = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      out.add(new JobOverview(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(), j.path("start-time").asLong()));
    }
    return out;
  }

  /** {@code /jobs/<id>}: state, vertices (id, name, parallelism). */
  public JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** User accumulators of a job: name to value (text, as the REST API gives them). */
  public Map<String, String> accumulators(String jobId) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode a : get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
      out.put(a.path("name").asText(), a.path("value").asText());
    }
    return out;
  }

  public JsonNode checkpoints(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** The metric ids a vertex exposes (task- and operator-level, without subtask index). */
  public List<String> vertexMetricIds(String jobId, String vertexId) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics")) {
      out.add(m.path("id").asText());
    }
    return out;
  }

  /** Aggregated over subtasks: metric id to {min, max, avg, sum}. Unknown ids are left out. */
  public Map<String, Aggregate> vertexMetrics(String jobId, String vertexId, List<String> metricIds) throws IOException {
    Map<String, Aggregate> out = new LinkedHashMap<>();
    // Keep URLs short: the JobManager's HTTP server limits the initial line.
    for (int i = 0; i < metricIds.size(); i += 40) {
      List<String> chunk = metricIds.subList(i, Math.min(metricIds.size(), i + 40));
      String get = chunk.stream().map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
      for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get=" + get + "&agg=min,max,avg,sum")) {
        out.put(m.path("id").asText(), new Aggregate(m.path("min").asDouble(), m.path("max").asDouble(), m.path("avg").asDouble(), m.path("sum").asDouble()));
      }
    }
    return out;
  }

  /** A metric aggregated over a vertex's subtasks. */
  public record Aggregate(double min, double max, double avg, double sum) {}

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
