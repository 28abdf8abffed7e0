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
import org.junit.jupiter.api.Timeout;

/**
 * A day-partitioned table's temporary partitions over HTTP, as the backfill uses them: add, stream
 * load with {@code temporary_partitions}, read, replace the day, drop.
 */
@Timeout(60)
class TemporaryPartitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DorisEmulator emulator;
  private String base;

  @BeforeEach
  void start() throws Exception {
    emulator = DorisEmulator.start("127.0.0.1", 0, new InMemoryStore());
    base = "http://127.0.0.1:" + emulator.port();
    ok(exec("information_schema", "CREATE DATABASE IF NOT EXISTS d"));
    ok(exec("d", "CREATE TABLE IF NOT EXISTS `d`.`m` (\n  `window_start` DATETIME(3) NOT NULL,\n  `symbol` VARCHAR(255) NOT NULL,\n"
        + "  `volume` BIGINT NULL,\n  `_version` BIGINT NOT NULL\n) ENGINE=OLAP\nUNIQUE KEY(`window_start`, `symbol`)\n"
        + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) ()\nDISTRIBUTED BY HASH(`window_start`, `symbol`) BUCKETS 1\n"
        + "PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_col\" = \"_version\")"));
    ok(exec("d", "CREATE TABLE t (id BIGINT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"));
    assertThat(load(null, "{\"window_start\":\"2026-11-22 23:59:00\",\"symbol\":\"A\",\"volume\":\"1\",\"_version\":\"1\"}\n"
        + "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"5\",\"_version\":\"1\"}\n"
        + "{\"window_start\":\"2026-11-23 10:01:00\",\"symbol\":\"B\",\"volume\":\"7\",\"_version\":\"1\"}").path("Status").asText()).isEqualTo("Success");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private JsonNode send(HttpRequest.Builder b) throws Exception {
    return JSON.readTree(http.send(b.header("Authorization", "Basic cm9vdDo=").build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private JsonNode exec(String db, String stmt) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/api/query/default_cluster/" + db))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("stmt", stmt).toString())));
  }

  private static void ok(JsonNode r) {
    assertThat(r.path("code").asInt()).as(r.toString()).isZero();
  }

  private static String refused(JsonNode r) {
    assertThat(r.path("code").asInt()).as(r.toString()).isNotZero();
    return r.path("msg").asText();
  }

  private JsonNode load(String temporaryPartition, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/d/m/_stream_load"))
        .header("format", "json").header("read_json_by_line", "true").header("max_filter_ratio", "0.5");
    if (temporaryPartition != null) {
      b.header("temporary_partitions", temporaryPartition);
    }
    return send(b.PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private List<String> rows(String stmt) throws Exception {
    JsonNode r = exec("d", stmt);
    ok(r);
    List<String> out = new ArrayList<>();
    r.path("data").path("data").forEach(row -> out.add(row.toString()));
    return out;
  }

  private static final String DAY = "SELECT window_start, symbol, volume, _version FROM m"
      + " WHERE window_start >= '2026-11-23 00:00:00' AND window_start < '2026-11-24 00:00:00' ORDER BY window_start, symbol";

  @Test
  void aSelectAnswersWithTheDocumentedResultSetShape() throws Exception {
    JsonNode r = exec("d", DAY);
    JsonNode doc = Fixtures.json("statement-result-set.txt");
    List<String> names = new ArrayList<>();
    r.path("data").fieldNames().forEachRemaining(names::add);
    List<String> documented = new ArrayList<>();
    doc.path("data").fieldNames().forEachRemaining(documented::add);
    assertThat(names).containsExactlyElementsOf(documented);
    assertThat(r.path("data").path("type").asText()).isEqualTo("result_set");
    assertThat(r.path("data").path("meta").get(2).path("name").asText()).isEqualTo("volume");
    assertThat(r.path("data").path("meta").get(2).path("type").asText()).isEqualTo("BIGINT");
    assertThat(rows(DAY)).containsExactly("[\"2026-11-23 10:00:00.000\",\"A\",5,1]", "[\"2026-11-23 10:01:00.000\",\"B\",7,1]");
  }

  @Test
  void loadsIntoATemporaryPartitionOnlyRowsOfItsRange() throws Exception {
    ok(exec("d", "ALTER TABLE m ADD TEMPORARY PARTITION tp20261123 VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))"));
    JsonNode r = load("tp20261123", "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}\n"
        + "{\"window_start\":\"2026-11-24 00:00:00\",\"symbol\":\"A\",\"volume\":\"1\",\"_version\":\"9\"}");
    assertThat(r.path("Status").asText()).isEqualTo("Success");
    assertThat(r.path("NumberLoadedRows").asLong()).isEqualTo(1);
    assertThat(r.path("NumberFilteredRows").asLong()).isEqualTo(1);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(r.path("ErrorURL").asText())).build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("no partition for this tuple");
    assertThat(rows("SELECT symbol, volume FROM m TEMPORARY PARTITION (tp20261123)")).containsExactly("[\"A\",6]");
    assertThat(rows(DAY)).as("the formal partition is untouched").hasSize(2);
    assertThat(load("tp_missing", "{}").path("Message").asText()).contains("Unknown partition 'tp_missing'");
  }

  @Test
  void replacesTheDayAtomicallyAndTheTemporaryPartitionDisappears() throws Exception {
    ok(exec("d", "ALTER TABLE m ADD TEMPORARY PARTITION tp20261123 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))"));
    load("tp20261123", "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}\n"
        + "{\"window_start\":\"2026-11-23 11:00:00\",\"symbol\":\"C\",\"volume\":\"2\",\"_version\":\"9\"}");
    assertThat(refused(exec("d", "ALTER TABLE m REPLACE PARTITION (p20261124000000) WITH TEMPORARY PARTITION (tp20261123)")))
        .contains("not equal to the range");
    ok(exec("d", "ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (tp20261123)"));
    assertThat(rows(DAY)).containsExactly("[\"2026-11-23 10:00:00.000\",\"A\",6,9]", "[\"2026-11-23 11:00:00.000\",\"C\",2,9]");
    assertThat(rows("SELECT symbol FROM m WHERE window_start >= '2026-11-22' AND window_start < '2026-11-23'"))
        .as("other days are untouched").containsExactly("[\"A\"]");
    assertThat(refused(exec("d", "SELECT * FROM m TEMPORARY PARTITION (tp20261123)"))).contains("Unknown partition");
    assertThat(refused(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION tp20261123"))).contains("tp20261123");
    ok(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION IF EXISTS tp20261123"));
  }

  @Test
  void addAndDropAreRepeatableAndRangesMayNotOverlap() throws Exception {
    String add = "ALTER TABLE m ADD TEMPORARY PARTITION tp1 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))";
    ok(exec("d", add));
    load("tp1", "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}");
    assertThat(refused(exec("d", add))).contains("Duplicate partition name tp1");
    assertThat(refused(exec("d", "ALTER TABLE m ADD TEMPORARY PARTITION tp2 VALUES [(\"2026-11-23 12:00:00\"), (\"2026-11-25\"))")))
        .contains("intersected");
    ok(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION IF EXISTS tp1"));
    ok(exec("d", add));
    assertThat(rows("SELECT * FROM m TEMPORARY PARTITION (tp1)")).as("a re-added temporary partition starts empty").isEmpty();
  }

  @Test
  void anUnpartitionedTableHasNoTemporaryPartitions() throws Exception {
    assertThat(refused(exec("d", "ALTER TABLE t ADD TEMPORARY PARTITION tp1 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))")))
        .contains("not a partitioned table");
    assertThat(refused(exec("d", "ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (nope)"))).contains("does not exist");
  }
}
