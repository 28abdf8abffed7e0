package io.strata.connectors.doris;

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
import java.util.Base64;
import java.util.List;

/**
 * The Doris HTTP calls Strata makes, so no MySQL-protocol client is needed: the table schema
 * ({@code GET /api/{db}/{table}/_schema}), statement execution ({@code POST
 * /api/query/default_cluster/{db}}: DDL, partition statements, and queries answered as a result
 * set), and a one-phase stream load ({@code PUT /api/{db}/{table}/_stream_load}, used by the
 * backfill). Tries each FE of {@code fe-nodes} in turn.
 */
public final class DorisFrontendClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the FE said about a table: null if it does not exist. */
  record TableSchema(String keysType, List<Field> fields) {}

  record Field(String name, String type, boolean key) {}

  private final List<String> feNodes;
  private final String authorization;
  // A stream load sent to an FE is redirected (307) to a BE; NORMAL follows it with method and
  // body.
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** The client of a doris connection (fe-nodes, username, password). */
  public static DorisFrontendClient of(io.strata.layers.definition.ConnectionDef connection) {
    String user = connection.option(DorisConnector.USERNAME.key());
    return new DorisFrontendClient(
        connection.option(DorisConnector.FE_NODES.key()),
        user == null ? "root" : user,
        connection.option(DorisConnector.PASSWORD.key()));
  }

  DorisFrontendClient(String feNodes, String user, String password) {
    this.feNodes = List.of(feNodes.split("\\s*,\\s*"));
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ((user == null ? "root" : user) + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
  }

  /** The table's schema, or null when the FE says it does not exist. */
  TableSchema schema(String db, String table) throws IOException {
    JsonNode body = call("GET", "/api/" + enc(db) + "/" + enc(table) + "/_schema", null);
    if (body.path("code").asInt(-1) != 0) {
      // Unknown database or table: Doris answers 200 with a non-zero code and the reason in msg.
      return null;
    }
    JsonNode data = body.path("data");
    List<Field> fields = new java.util.ArrayList<>();
    for (JsonNode p : data.path("properties")) {
      fields.add(
          new Field(
              p.path("name").asText(),
              p.path("type").asText(),
              "Yes".equalsIgnoreCase(p.path("is_key").asText())));
    }
    return new TableSchema(data.path("keysType").asText(), fields);
  }

  /** Runs one statement; throws with the FE's message if it fails. */
  public void execute(String db, String statement) throws IOException {
    statement(db, statement);
  }

  /** Runs a query; its rows, values as text (null for NULL), in the order of its columns. */
  public List<List<String>> query(String db, String statement) throws IOException {
    JsonNode data = statement(db, statement).path("data");
    if (!"result_set".equals(data.path("type").asText())) {
      throw new IOException(
          "Doris answered the query without a result set: " + data + "\n" + statement);
    }
    List<List<String>> rows = new java.util.ArrayList<>();
    for (JsonNode r : data.path("data")) {
      List<String> row = new java.util.ArrayList<>();
      r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
      rows.add(row);
    }
    return rows;
  }

  private JsonNode statement(String db, String statement) throws IOException {
    String payload = JSON.createObjectNode().put("stmt", statement).toString();
    JsonNode body = call("POST", "/api/query/default_cluster/" + enc(db), payload);
    if (body.path("code").asInt(-1) != 0) {
      throw new IOException(
          "Doris refused the statement: "
              + body.path("msg").asText(body.toString())
              + "\n"
              + statement);
    }
    return body;
  }

  /**
   * A one-phase stream load of JSON lines under {@code label}, with extra headers (e.g. {@code
   * temporary_partitions}); throws unless Doris answers Status Success with no row filtered.
   */
  public JsonNode streamLoadJsonLines(
      String db, String table, String label, java.util.Map<String, String> headers, String body)
      throws IOException {
    IOException last = null;
    for (String fe : feNodes) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://" + fe + "/api/" + enc(db) + "/" + enc(table) + "/_stream_load"))
              .timeout(Duration.ofMinutes(10))
              .header("Authorization", authorization)
              .expectContinue(true)
              .header("label", label)
              .header("format", "json")
              .header("read_json_by_line", "true");
      headers.forEach(b::header);
      try {
        HttpResponse<String> r =
            http.send(
                b.PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          last =
              new IOException(
                  "Doris answered HTTP "
                      + r.statusCode()
                      + " to the stream load into "
                      + db
                      + "."
                      + table);
          continue;
        }
        JsonNode result = JSON.readTree(r.body());
        if (!"Success".equals(result.path("Status").asText())
            || result.path("NumberFilteredRows").asLong() != 0) {
          throw new IOException(
              "Doris did not load "
                  + db
                  + "."
                  + table
                  + " (label "
                  + label
                  + "): "
                  + result.path("Status").asText()
                  + ", "
                  + result.path("Message").asText()
                  + (result.has("ErrorURL")
                      ? " (rows filtered: " + result.path("ErrorURL").asText() + ")"
                      : ""));
        }
        return result;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while loading into Doris", e);
      } catch (java.net.ConnectException e) {
        last = new IOException("cannot reach Doris FE " + fe + " (" + e + ")", e);
      }
    }
    throw last;
  }

  private JsonNode call(String method, String path, String payload) throws IOException {
    IOException last = null;
    for (String fe : feNodes) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://" + fe + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", authorization)
              .header("Content-Type", "application/json");
      b =
          payload == null
              ? b.GET()
              : b.method(method, HttpRequest.BodyPublishers.ofString(payload));
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
          throw new IOException(
              "Doris FE " + fe + " refused the user and password of the connection (HTTP 401)");
        }
        if (r.statusCode() != 200) {
          last =
              new IOException(
                  "Doris FE "
                      + fe
                      + " answered HTTP "
                      + r.statusCode()
                      + " to "
                      + method
                      + " "
                      + path);
          continue;
        }
        return JSON.readTree(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while calling Doris FE " + fe, e);
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("HTTP 401")) {
          throw e;
        }
        last = new IOException("cannot reach Doris FE " + fe + " (" + e + ")", e);
      }
    }
    throw last;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
