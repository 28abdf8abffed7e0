package io.strata.dorisemulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over HTTP, its answers compared with Doris's documented bodies (doris-fixtures). */
class DorisHttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryStore store;
  private DorisEmulator emulator;
  private String base;

  @BeforeEach
  void start() throws Exception {
    store = new InMemoryStore();
    emulator = DorisEmulator.start("127.0.0.1", 0, store);
    base = "http://127.0.0.1:" + emulator.port();
    assertThat(exec("information_schema", "CREATE DATABASE IF NOT EXISTS d")).isEqualTo(0);
    assertThat(
            exec(
                "d",
                "CREATE TABLE t (id BIGINT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"))
        .isEqualTo(0);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic cm9vdDo=");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private JsonNode send(HttpRequest r) throws Exception {
    return JSON.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
  }

  private int exec(String db, String stmt) throws Exception {
    String body = JSON.createObjectNode().put("stmt", stmt).toString();
    JsonNode r =
        send(
            request("/api/query/default_cluster/" + db)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertThat(fieldNames(r))
        .containsExactlyElementsOf(fieldNames(Fixtures.json("statement-exec-status.txt")));
    return r.path("code").asInt();
  }

  private JsonNode load(String label, boolean twoPhase, String body) throws Exception {
    return send(
        request(
                "/api/d/t/_stream_load",
                "label",
                label,
                "two_phase_commit",
                String.valueOf(twoPhase),
                "format",
                "json",
                "read_json_by_line",
                "true")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private JsonNode twoPc(String op, String idHeader, String id) throws Exception {
    return send(
        request("/api/d/_stream_load_2pc", "txn_operation", op, idHeader, id)
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aTwoPhaseLoadAnswersWithTheDocumentedFields() throws Exception {
    JsonNode r =
        load(
            "55c8ffc9-1c40-4d51-b75e-f2265b3602ef",
            true,
            "{\"id\":1,\"v\":\"a\"}\n{\"id\":2,\"v\":\"b\"}");
    JsonNode doc = Fixtures.json("stream-load-2pc-precommit.txt");
    // Every documented field, in the documented order (the emulator adds Doris's "Comment").
    List<String> names = fieldNames(r);
    names.remove("Comment");
    assertThat(names).containsExactlyElementsOf(fieldNames(doc));
    assertThat(r.get("TwoPhaseCommit").asText()).isEqualTo(doc.get("TwoPhaseCommit").asText());
    assertThat(r.get("Status").asText()).isEqualTo("Success");
    assertThat(r.get("Message").asText()).isEqualTo("OK");
    assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(2);
    assertThat(store.visibleRows("d.t")).isZero();
  }

  @Test
  void commitAndAbortAnswerAsDocumented() throws Exception {
    long first =
        load("55c8ffc9-1c40-4d51-b75e-f2265b3602ef", true, "{\"id\":1,\"v\":\"a\"}")
            .get("TxnId")
            .asLong();
    String doc =
        Fixtures.json("2pc-commit-by-txn-id.txt")
            .toString()
            .replace("18036", String.valueOf(first));
    assertThat(twoPc("commit", "txn_id", String.valueOf(first)).toString()).isEqualTo(doc);
    assertThat(store.visibleRows("d.t")).isEqualTo(1);

    load("second", true, "{\"id\":2,\"v\":\"b\"}");
    assertThat(twoPc("commit", "label", "second").toString())
        .isEqualTo(
            Fixtures.json("2pc-commit-by-label.txt")
                .toString()
                .replace("55c8ffc9-1c40-4d51-b75e-f2265b3602ef", "second"));

    long third = load("third", true, "{\"id\":3,\"v\":\"c\"}").get("TxnId").asLong();
    assertThat(twoPc("abort", "txn_id", String.valueOf(third)).toString())
        .isEqualTo(
            Fixtures.json("2pc-abort-by-txn-id.txt")
                .toString()
                .replace("18037", String.valueOf(third)));
    load("fourth", true, "{\"id\":4,\"v\":\"d\"}");
    assertThat(twoPc("abort", "label", "fourth").toString())
        .isEqualTo(
            Fixtures.json("2pc-abort-by-label.txt")
                .toString()
                .replace("55c8ffc9-1c40-4d51-b75e-f2265b3602ef", "fourth"));
    assertThat(store.visibleRows("d.t")).isEqualTo(2);
  }

  @Test
  void aUsedLabelAnswersLabelAlreadyExistsWithTheExistingJobStatus() throws Exception {
    load("l", false, "{\"id\":1,\"v\":\"a\"}");
    JsonNode r = load("l", false, "{\"id\":1,\"v\":\"a\"}");
    assertThat(r.get("Status").asText()).isEqualTo("Label Already Exists");
    assertThat(r.get("ExistingJobStatus").asText()).isEqualTo("FINISHED");
    assertThat(
            Fixtures.connectorPatterns()
                .get("LABEL_EXIST")
                .matcher(r.get("Message").asText())
                .find())
        .isTrue();
    // Field order as in the documented result: ExistingJobStatus right after Status.
    List<String> names = fieldNames(r);
    assertThat(names.indexOf("ExistingJobStatus")).isEqualTo(names.indexOf("Status") + 1);
    List<String> documented = fieldNames(Fixtures.json("stream-load-result.txt"));
    assertThat(documented.indexOf("ExistingJobStatus")).isEqualTo(documented.indexOf("Status") + 1);
  }

  @Test
  void filteredRowsFailTheLoadWithAnErrorUrl() throws Exception {
    JsonNode r = load("bad", false, "{\"id\":1,\"v\":\"far too long\"}\n{\"id\":2,\"v\":\"ok\"}");
    assertThat(r.get("Status").asText()).isEqualTo("Fail");
    assertThat(r.get("Message").asText()).isEqualTo("[DATA_QUALITY_ERROR]too many filtered rows");
    assertThat(r.get("NumberFilteredRows").asLong()).isEqualTo(1);
    String log =
        http.send(
                HttpRequest.newBuilder(URI.create(r.get("ErrorURL").asText())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(log).contains("the length of input is too long than schema");
    assertThat(store.visibleRows("d.t")).isZero();
  }

  @Test
  void backendsAndSchemaAnswerAsDocumented() throws Exception {
    JsonNode backends = send(request("/api/backends?is_alive=true").GET().build());
    JsonNode doc = Fixtures.json("backends.txt");
    assertThat(fieldNames(backends)).containsExactlyElementsOf(fieldNames(doc));
    JsonNode be = backends.at("/data/backends/0");
    assertThat(fieldNames(be)).containsExactlyElementsOf(fieldNames(doc.at("/data/backends/0")));
    assertThat(be.get("http_port").asInt()).isEqualTo(emulator.port());

    JsonNode schema = send(request("/api/d/t/_schema").GET().build());
    assertThat(schema.at("/data/keysType").asText()).isEqualTo("UNIQUE_KEYS");
    assertThat(schema.at("/data/status").asInt()).isEqualTo(200);
    assertThat(schema.at("/data/properties/0/name").asText()).isEqualTo("id");
  }

  @Test
  void requestsWithoutCredentialsAreRefusedExceptTheLivenessProbe() throws Exception {
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/backends")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
  }
}
