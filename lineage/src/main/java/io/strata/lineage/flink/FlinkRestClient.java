package io.strata.lineage.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one client of Flink's REST API in Strata (the same API on a MiniCluster with a REST port, a
 * standalone or a YARN session cluster): the CLI uploads and runs jars, lists, inspects and stops
 * jobs with a savepoint; the lineage service reads job state, accumulators, checkpoints and
 * per-vertex metrics aggregated by the JobManager ({@code subtasks/metrics?agg=}), so it never
 * pulls one series per subtask. The URL and an optional bearer token come from the caller (flag or
 * environment), never from code. Every call has a timeout and fails with a {@link
 * FlinkRestException} that says what was asked and what the cluster answered.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Requests of the CLI (a run or a savepoint can take a while). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Reads of the lineage service, which polls every few seconds and must not hang on a dead
   * cluster.
   */
  public static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);

  /** A call that failed: the cluster could not be reached or refused it. */
  public static final class FlinkRestException extends IllegalStateException {
    private final int status;

    FlinkRestException(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status the cluster answered, or -1 when it did not answer. */
    public int status() {
      return status;
    }
  }

  /** A job as the cluster lists it. */
  public record JobSummary(String id, String name, String state, long startTime, long duration) {}

  /** The outcome of a stop-with-savepoint: the savepoint's location. */
  public record Savepoint(String location) {}

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  public FlinkRestClient(String restUrl, String token) {
    this(restUrl, token, DEFAULT_TIMEOUT);
  }

  /** {@code timeout}: for every request that does not set its own (uploads, runs and stops do). */
  public FlinkRestClient(String restUrl, String token, Duration timeout) {
    String url = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
    this.base = URI.create(url);
    this.token = token == null || token.isBlank() ? null : token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * This client with another default timeout (e.g. {@link #POLL_TIMEOUT} for the lineage service).
   */
  public FlinkRestClient withTimeout(Duration t) {
    return new FlinkRestClient(base.toString(), token, t);
  }

  /** From {@code --flink} or STRATA_FLINK_URL; the token from STRATA_FLINK_TOKEN. */
  public static FlinkRestClient fromFlagOrEnvironment(String flag) {
    String url = flag != null && !flag.isBlank() ? flag : System.getenv("STRATA_FLINK_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "no Flink cluster given: pass --flink http://<jobmanager>:<rest-port> or set STRATA_FLINK_URL");
    }
    return new FlinkRestClient(url.trim(), System.getenv("STRATA_FLINK_TOKEN"));
  }

  public URI baseUrl() {
    return base;
  }

  /** The Flink version the cluster reports (GET /config), e.g. "1.20.3". */
  public String flinkVersion() {
    return get("/config").path("flink-version").asText("?");
  }

  /** Uploads a jar (POST /jars/upload); returns the jar id the cluster gave it. */
  public String uploadJar(Path jar) {
    String boundary = "strata-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                  + jar.getFileName()
                  + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(Files.readAllBytes(jar));
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + jar + ": " + e.getMessage(), e);
    }
    HttpRequest request =
        request("/jars/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    JsonNode reply = send(request, "upload " + jar.getFileName());
    String filename = reply.path("filename").asText("");
    if (!"success".equals(reply.path("status").asText()) || filename.isEmpty()) {
      throw new IllegalStateException(
          "the cluster did not accept " + jar.getFileName() + ": " + reply);
    }
    return Path.of(filename).getFileName().toString();
  }

  /** The id of an uploaded jar with exactly this file name (GET /jars), or null. */
  public String findJar(String fileName) {
    for (JsonNode j : get("/jars").path("files")) {
      if (fileName.equals(j.path("name").asText())) {
        return j.path("id").asText();
      }
    }
    return null;
  }

  /** Runs an uploaded jar (POST /jars/{id}/run); returns the job id. */
  public String runJar(
      String jarId,
      String entryClass,
      List<String> programArgs,
      Integer parallelism,
      String savepointPath,
      boolean allowNonRestoredState) {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    body.putArray("programArgsList")
        .addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
    if (parallelism != null) {
      body.put("parallelism", parallelism);
    }
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
      body.put("allowNonRestoredState", allowNonRestoredState);
    }
    JsonNode reply = post("/jars/" + jarId + "/run", body, Duration.ofMinutes(3));
    String jobId = reply.path("jobid").asText("");
    if (jobId.isEmpty()) {
      throw new IllegalStateException("the cluster ran the jar but returned no job id: " + reply);
    }
    return jobId;
  }

  public void deleteJar(String jarId) {
    send(request("/jars/" + jarId).DELETE().build(), "delete jar " + jarId);
  }

  public List<JobSummary> jobs() {
    List<JobSummary> out = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      out.add(
          new JobSummary(
              j.path("jid").asText(),
              j.path("name").asText(),
              j.path("state").asText(),
              j.path("start-time").asLong(),
              j.path("duration").asLong()));
    }
    return out;
  }

  /** GET /jobs/{id}: state, vertices, timestamps. */
  public JsonNode job(String jobId) {
    return get("/jobs/" + jobId);
  }

  public String jobState(String jobId) {
    return job(jobId).path("state").asText("?");
  }

  /**
   * GET /jobs/{id}/config: includes the job's global parameters under execution-config.user-config.
   */
  public JsonNode jobConfig(String jobId) {
    return get("/jobs/" + jobId + "/config");
  }

  /**
   * GET /jobs/{id}/checkpoints: counts, latest completed and the savepoint it was restored from.
   */
  public JsonNode checkpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /**
   * GET /jobs/{id}/accumulators: the user accumulators (Strata's flow counters), as name to value
   * (a Long when numeric).
   */
  public Map<String, Object> accumulators(String jobId) {
    Map<String, Object> out = new TreeMap<>();
    for (JsonNode a : get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
      String value = a.path("value").asText();
      try {
        out.put(a.path("name").asText(), Long.parseLong(value));
      } catch (NumberFormatException e) {
        out.put(a.path("name").asText(), value);
      }
    }
    return out;
  }

  /** The metric ids a vertex exposes (task- and operator-level, without subtask index). */
  public List<String> vertexMetricIds(String jobId, String vertexId) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics")) {
      out.add(m.path("id").asText());
    }
    return out;
  }

  /** A metric aggregated over a vertex's subtasks. */
  public record Aggregate(double min, double max, double avg, double sum) {}

  /**
   * Aggregated over a vertex's subtasks by the JobManager: metric id to {min, max, avg, sum}.
   * Unknown ids are left out.
   */
  public Map<String, Aggregate> vertexMetrics(
      String jobId, String vertexId, List<String> metricIds) {
    Map<String, Aggregate> out = new LinkedHashMap<>();
    // Keep URLs short: the JobManager's HTTP server limits the initial line.
    for (int i = 0; i < metricIds.size(); i += 40) {
      List<String> chunk = metricIds.subList(i, Math.min(metricIds.size(), i + 40));
      String ids =
          chunk.stream()
              .map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8))
              .collect(Collectors.joining(","));
      for (JsonNode m :
          get(
              "/jobs/"
                  + jobId
                  + "/vertices/"
                  + vertexId
                  + "/subtasks/metrics?get="
                  + ids
                  + "&agg=min,max,avg,sum")) {
        out.put(
            m.path("id").asText(),
            new Aggregate(
                m.path("min").asDouble(),
                m.path("max").asDouble(),
                m.path("avg").asDouble(),
                m.path("sum").asDouble()));
      }
    }
    return out;
  }

  /**
   * Stops the job with a savepoint (POST /jobs/{id}/stop) and waits for it; returns its location.
   * {@code drain} emits MAX_WATERMARK first, firing every open window (only for a final stop).
   */
  public Savepoint stopWithSavepoint(
      String jobId, String targetDirectory, boolean drain, Duration timeout) {
    ObjectNode body = JSON.createObjectNode();
    if (targetDirectory != null) {
      body.put("targetDirectory", targetDirectory);
    }
    body.put("drain", drain);
    String requestId =
        post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
            .path("request-id")
            .asText("");
    if (requestId.isEmpty()) {
      throw new IllegalStateException("the cluster did not start a savepoint for job " + jobId);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + requestId);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode op = status.path("operation");
        if (op.has("failure-cause")) {
          String cause =
              op.path("failure-cause")
                  .path("stack-trace")
                  .asText(op.path("failure-cause").toString());
          throw new IllegalStateException(
              "the savepoint of job " + jobId + " failed: " + firstLine(cause));
        }
        return new Savepoint(op.path("location").asText());
      }
      sleep(300);
    }
    throw new IllegalStateException(
        "the savepoint of job " + jobId + " did not complete within " + timeout.toSeconds() + " s");
  }

  public void cancel(String jobId) {
    send(
        request("/jobs/" + jobId + "?mode=cancel")
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        "cancel " + jobId);
  }

  /** Polls until the job reaches one of {@code states}; returns the state reached. */
  public String awaitState(String jobId, Duration timeout, String... states) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "?";
    while (System.nanoTime() < deadline) {
      state = jobState(jobId);
      for (String s : states) {
        if (s.equals(state)) {
          return state;
        }
      }
      if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
        return state;
      }
      sleep(300);
    }
    return state;
  }

  /** The root exception of a failed job, first line, or null. */
  public String rootException(String jobId) {
    JsonNode ex = get("/jobs/" + jobId + "/exceptions");
    String root = ex.path("root-exception").asText(null);
    if (root == null && ex.path("exceptionHistory").path("entries").size() > 0) {
      root = ex.path("exceptionHistory").path("entries").get(0).path("stacktrace").asText(null);
    }
    return root == null ? null : firstLine(root);
  }

  // ------------------------------------------------------------------------------------------

  /** GET {@code path} (e.g. {@code /overview}) as JSON. */
  public JsonNode get(String path) {
    return send(request(path).GET().build(), "GET " + path);
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request, "POST " + path);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private JsonNode send(HttpRequest request, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FlinkRestException(
          "cannot reach the Flink cluster at "
              + base
              + " ("
              + what
              + "): "
              + e
              + "; is it running? (bin/services start flink starts a local one)",
          -1,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted: " + what, -1, e);
    }
    JsonNode json;
    try {
      json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      json = JSON.createObjectNode().put("body", response.body());
    }
    if (response.statusCode() >= 400) {
      throw new FlinkRestException(
          "the Flink cluster refused "
              + what
              + " (HTTP "
              + response.statusCode()
              + "): "
              + errors(json),
          response.statusCode(),
          null);
    }
    return json;
  }

  /** Flink puts a Java stack trace into "errors"; keep what a user can act on. */
  private static String errors(JsonNode json) {
    if (!json.has("errors")) {
      return json.toString();
    }
    List<String> lines = new ArrayList<>();
    for (JsonNode e : json.path("errors")) {
      for (String line : e.asText().split("\n")) {
        String l = line.trim();
        if (!l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...") && !lines.contains(l)) {
          lines.add(l);
        }
      }
    }
    String causes =
        lines.stream().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
    String head = lines.isEmpty() ? json.toString() : lines.get(0);
    return causes.isEmpty() ? head : head + " / " + causes;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
