package io.strata.tests.doris;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.tests.support.DorisEmulatorService;
import io.strata.tests.support.MariaDbService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Doris emulator's Unique Key semantics on the real MariaDB, over its HTTP API as a Doris
 * client would use it: upsert by key, the sequence column, the delete sign, value types, and a day
 * replaced from a temporary partition while readers read.
 */
@Timeout(60)
class DorisEmulatorOnMariaDbTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String db = "strata_emu_" + UUID.randomUUID().toString().substring(0, 8);

  private JsonNode call(HttpRequest.Builder b) throws Exception {
    return JSON.readTree(
        http.send(
                b.header("Authorization", "Basic cm9vdDo=").build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private JsonNode statement(String stmt) throws Exception {
    return call(
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + DorisEmulatorService.feNodes()
                        + "/api/query/default_cluster/"
                        + db))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("stmt", stmt).toString())));
  }

  private JsonNode exec(String stmt) throws Exception {
    JsonNode r = statement(stmt);
    assertThat(r.path("code").asInt()).as(r.toString()).isZero();
    return r;
  }

  private JsonNode load(String table, String label, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + DorisEmulatorService.feNodes()
                        + "/api/"
                        + db
                        + "/"
                        + table
                        + "/_stream_load"))
            .header("label", label)
            .header("format", "json")
            .header("read_json_by_line", "true")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return call(b);
  }

  private JsonNode commit(long txnId) throws Exception {
    return call(
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + DorisEmulatorService.feNodes()
                        + "/api/"
                        + db
                        + "/_stream_load_2pc"))
            .header("txn_id", String.valueOf(txnId))
            .header("txn_operation", "commit")
            .PUT(HttpRequest.BodyPublishers.noBody()));
  }

  private List<Map<String, String>> rows(String table) throws Exception {
    // CAST: the JDBC driver prints DATETIME(3) with six fraction digits; MariaDB's own text has
    // three.
    return MariaDbService.query(
        "SELECT id, amount, CAST(at AS CHAR) AS at, note FROM " + db + "." + table + " ORDER BY 1");
  }

  @Test
  void upsertsByKeyDeletesBySignAndKeepsValuesExact() throws Exception {
    exec("CREATE DATABASE " + db);
    exec(
        "CREATE TABLE t (id VARCHAR(16) NOT NULL, amount DECIMAL(18, 4) NULL, at DATETIME(3) NULL, note STRING NULL) "
            + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES (\"replication_num\" = \"1\")");
    JsonNode first =
        load(
            "t",
            "a",
            "{\"id\":\"k1\",\"amount\":\"1.2345\",\"at\":\"2026-11-23 09:30:00.123\",\"note\":\"Zürich ✓\"}\n"
                + "{\"id\":\"k2\",\"amount\":\"2\",\"at\":null,\"note\":null}",
            "two_phase_commit",
            "true");
    assertThat(rows("t")).isEmpty();
    assertThat(commit(first.get("TxnId").asLong()).get("status").asText()).isEqualTo("Success");
    assertThat(rows("t"))
        .containsExactly(
            Map.of(
                "id",
                "k1",
                "amount",
                "1.2345",
                "at",
                "2026-11-23 09:30:00.123",
                "note",
                "Zürich ✓"),
            row("k2", "2.0000", null, null));
    // A later load with the same key replaces the row; the delete sign removes one.
    load(
        "t",
        "b",
        "{\"id\":\"k1\",\"amount\":\"9\",\"__DORIS_DELETE_SIGN__\":\"0\"}\n{\"id\":\"k2\",\"__DORIS_DELETE_SIGN__\":\"1\"}",
        "columns",
        "id,amount,__DORIS_DELETE_SIGN__");
    assertThat(rows("t")).containsExactly(row("k1", "9.0000", null, null));
  }

  @Test
  void theSequenceColumnDecidesWhichVersionOfARowWins() throws Exception {
    exec("CREATE DATABASE " + db);
    exec(
        "CREATE TABLE s (id INT NOT NULL, v VARCHAR(8) NULL, ver BIGINT NULL) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
            + "PROPERTIES (\"function_column.sequence_col\" = \"ver\")");
    load("s", "1", "{\"id\":1,\"v\":\"new\",\"ver\":5}");
    load("s", "2", "{\"id\":1,\"v\":\"old\",\"ver\":3}");
    assertThat(MariaDbService.query("SELECT v, ver FROM " + db + ".s"))
        .containsExactly(Map.of("v", "new", "ver", "5"));
    load("s", "3", "{\"id\":1,\"v\":\"newer\",\"ver\":5}");
    assertThat(MariaDbService.query("SELECT v, ver FROM " + db + ".s"))
        .containsExactly(Map.of("v", "newer", "ver", "5"));
  }

  @Test
  void aDayIsReplacedFromATemporaryPartitionInOneStepWhileReadersRead() throws Exception {
    exec("CREATE DATABASE " + db);
    exec(
        "CREATE TABLE m (window_start DATETIME(3) NOT NULL, id INT NOT NULL, v BIGINT NULL, _version BIGINT NOT NULL) UNIQUE KEY(window_start, id) "
            + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) () DISTRIBUTED BY HASH(id) BUCKETS 1 "
            + "PROPERTIES (\"function_column.sequence_col\" = \"_version\")");
    StringBuilder realtime =
        new StringBuilder(
            "{\"window_start\":\"2026-11-22 23:59:00\",\"id\":0,\"v\":7,\"_version\":1}\n");
    StringBuilder backfill = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      realtime
          .append("{\"window_start\":\"2026-11-23 10:00:00\",\"id\":")
          .append(i)
          .append(",\"v\":1,\"_version\":1}\n");
      backfill
          .append("{\"window_start\":\"2026-11-23 10:00:00\",\"id\":")
          .append(i)
          .append(",\"v\":2,\"_version\":")
          .append((1L << 62) + 1)
          .append("}\n");
    }
    backfill
        .append("{\"window_start\":\"2026-11-23 11:00:00\",\"id\":1,\"v\":5,\"_version\":")
        .append((1L << 62) + 1)
        .append("}\n");
    assertThat(load("m", "rt", realtime.toString()).path("Status").asText()).isEqualTo("Success");
    exec(
        "ALTER TABLE m ADD TEMPORARY PARTITION tp VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))");
    assertThat(
            load("m", "bf", backfill.toString(), "temporary_partitions", "tp")
                .path("NumberLoadedRows")
                .asLong())
        .isEqualTo(3001);
    String day =
        "SELECT CAST(COUNT(*) AS CHAR) AS n, CAST(SUM(v) AS CHAR) AS total FROM "
            + db
            + ".m WHERE window_start >= '2026-11-23'"
            + " AND window_start < '2026-11-24'";
    Map<String, String> before = Map.of("n", "3000", "total", "3000");
    Map<String, String> after = Map.of("n", "3001", "total", "6005");
    assertThat(MariaDbService.query(day)).containsExactly(before);

    java.util.Set<Map<String, String>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  seen.addAll(MariaDbService.query(day));
                } catch (Exception e) {
                  seen.add(Map.of("error", e.toString()));
                }
              }
            });
    reader.start();
    Thread.sleep(200);
    exec("ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (tp)");
    Thread.sleep(200);
    done.set(true);
    reader.join();
    assertThat(seen)
        .as("readers see the old day or the new one, never a mix")
        .isSubsetOf(before, after)
        .contains(after);
    assertThat(
            MariaDbService.query(
                "SELECT CAST(v AS CHAR) AS v FROM " + db + ".m WHERE window_start < '2026-11-23'"))
        .as("the day before is untouched")
        .containsExactly(Map.of("v", "7"));
    assertThat(
            MariaDbService.query(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '"
                    + db
                    + "'"))
        .as("the temporary partition's table is gone")
        .containsExactly(Map.of("name", "m"));
    // A real-time row arriving after the swap has a smaller version: it does not replace the
    // backfilled row.
    load("m", "late", "{\"window_start\":\"2026-11-23 10:00:00\",\"id\":0,\"v\":1,\"_version\":1}");
    assertThat(MariaDbService.query(day)).containsExactly(after);
  }

  @Test
  void aDayWithoutRowsHasNoPartitionToReplaceUntilAddPartitionCreatesIt() throws Exception {
    exec("CREATE DATABASE " + db);
    exec(
        "CREATE TABLE m (window_start DATETIME(3) NOT NULL, id INT NOT NULL, v BIGINT NULL, _version BIGINT NOT NULL) UNIQUE KEY(window_start, id) "
            + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) () DISTRIBUTED BY HASH(id) BUCKETS 1 "
            + "PROPERTIES (\"function_column.sequence_col\" = \"_version\")");
    assertThat(
            load(
                    "m",
                    "rt",
                    "{\"window_start\":\"2026-11-22 23:59:00\",\"id\":0,\"v\":7,\"_version\":1}")
                .path("Status")
                .asText())
        .isEqualTo("Success");
    exec(
        "ALTER TABLE m ADD TEMPORARY PARTITION tp VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))");
    load(
        "m",
        "bf",
        "{\"window_start\":\"2026-11-23 10:00:00\",\"id\":1,\"v\":2,\"_version\":9}",
        "temporary_partitions",
        "tp");
    String replace =
        "ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (tp)";
    JsonNode refused = statement(replace);
    assertThat(refused.path("code").asInt()).isNotZero();
    assertThat(refused.path("msg").asText()).contains("Partition[p20261123000000] does not exist");
    exec(
        "ALTER TABLE m ADD PARTITION IF NOT EXISTS p20261123000000 VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))");
    exec(replace);
    assertThat(
            MariaDbService.query(
                "SELECT CAST(id AS CHAR) AS id, CAST(v AS CHAR) AS v FROM "
                    + db
                    + ".m ORDER BY id"))
        .containsExactly(Map.of("id", "0", "v", "7"), Map.of("id", "1", "v", "2"));
    List<String> names = new java.util.ArrayList<>();
    exec("SHOW PARTITIONS FROM m")
        .path("data")
        .path("data")
        .forEach(r -> names.add(r.get(1).asText()));
    assertThat(names).containsExactly("p20261122000000", "p20261123000000");
  }

  private static Map<String, String> row(String id, String amount, String at, String note) {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("amount", amount);
    m.put("at", at);
    m.put("note", note);
    return m;
  }
}
