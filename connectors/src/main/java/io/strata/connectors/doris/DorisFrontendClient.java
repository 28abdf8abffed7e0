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
 * The two Doris FE HTTP calls that {@code prepare()} needs: the table schema
 * ({@code GET /api/{db}/{table}/_schema}) and statement execution
 * ({@code POST /api/query/default_cluster/{db}}, used for CREATE DATABASE / CREATE TABLE), so no
 * MySQL-protocol client is needed. Tries each FE of {@code fe-nodes} in turn.
 */
final class DorisFrontendClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the FE said about a table: null if it does not exist. */
  record TableSchema(String keysType, List<Field> fields) {}

  record Field(String name, String type, boolean key) {}

  private final List<String> feNodes;
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  DorisFrontendClient(String feNodes, String user, String password) {
    this.feNodes = List.of(feNodes.split("\\s*,\\s*"));
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        ((user == null ? "root" : user) + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
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
      fields.add(new Field(p.path("name").asText(), p.path("type").asText(), "Yes".equalsIgnoreCase(p.path("is_key").asText())));
    }
    return new TableSchema(data.path("keysType").asText(), fields);
  }

  /** Runs one statement; throws with the FE's message if it fails. */
  void execute(String db, String statement) throws IOException {
    String payload = JSON.createObjectNode().put("stmt", statement).toString();
    JsonNode body = call("POST", "/api/query/default_cluster/" + enc(db), payload);
    if (body.path("code").asInt(-1) != 0) {
      throw new IOException("Doris refused the statement: " + body.path("msg").asText(body.toString()) + "\n" + statement);
    }
  }

  private JsonNode call(String method, String path, String payload) throws IOException {
    IOException last = null;
    for (String fe : feNodes) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + fe + path))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", authorization)
          .header("Content-Type", "application/json");
      b = payload == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(payload));
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
          throw new IOException("Doris FE " + fe + " refused the user and password of the connection (HTTP 401)");
        }
        if (r.statusCode() != 200) {
          last = new IOException("Doris FE " + fe + " answered HTTP " + r.statusCode() + " to " + method + " " + path);
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
