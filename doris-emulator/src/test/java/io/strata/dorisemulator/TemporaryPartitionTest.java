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
 * A day-partitioned table's partitions over HTTP, as the backfill uses them: formal partitions
 * created by loads and by ADD PARTITION, SHOW [TEMPORARY] PARTITIONS, and temporary partitions
 * (add, stream load with {@code temporary_partitions}, read, replace the day, drop).
 */
@Timeout(60)
class TemporaryPartitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final InMemoryStore store = new InMemoryStore();
  private DorisEmulator emulator;
  private String base;

  @BeforeEach
  void start() throws Exception {
    emulator = DorisEmulator.start("127.0.0.1", 0, store);
    base = "http://127.0.0.1:" + emulator.port();
    ok(exec("information_schema", "CREATE DATABASE IF NOT EXISTS d"));
    ok(
        exec(
            "d",
            "CREATE TABLE IF NOT EXISTS `d`.`m` (\n  `window_start` DATETIME(3) NOT NULL,\n  `symbol` VARCHAR(255) NOT NULL,\n"
                + "  `volume` BIGINT NULL,\n  `_version` BIGINT NOT NULL\n) ENGINE=OLAP\nUNIQUE KEY(`window_start`, `symbol`)\n"
                + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) ()\nDISTRIBUTED BY HASH(`window_start`, `symbol`) BUCKETS 1\n"
                + "PROPERTIES (\"replication_num\" = \"1\", \"function_column.sequence_col\" = \"_version\")"));
    ok(
        exec(
            "d",
            "CREATE TABLE t (id BIGINT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"));
    assertThat(
            load(
                    null,
                    "{\"window_start\":\"2026-11-22 23:59:00\",\"symbol\":\"A\",\"volume\":\"1\",\"_version\":\"1\"}\n"
                        + "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"5\",\"_version\":\"1\"}\n"
                        + "{\"window_start\":\"2026-11-23 10:01:00\",\"symbol\":\"B\",\"volume\":\"7\",\"_version\":\"1\"}")
                .path("Status")
                .asText())
        .isEqualTo("Success");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private JsonNode send(HttpRequest.Builder b) throws Exception {
    return JSON.readTree(
        http.send(
                b.header("Authorization", "Basic cm9vdDo=").build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private JsonNode exec(String db, String stmt) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/query/default_cluster/" + db))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("stmt", stmt).toString())));
  }

  private static void ok(JsonNode r) {
    assertThat(r.path("code").asInt()).as(r.toString()).isZero();
  }

  private static String refused(JsonNode r) {
    assertThat(r.path("code").asInt()).as(r.toString()).isNotZero();
    return r.path("msg").asText();
  }

  private JsonNode load(String temporaryPartition, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/d/m/_stream_load"))
            .header("format", "json")
            .header("read_json_by_line", "true")
            .header("max_filter_ratio", "0.5");
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

  private static final String DAY =
      "SELECT window_start, symbol, volume, _version FROM m"
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
    assertThat(rows(DAY))
        .containsExactly(
            "[\"2026-11-23 10:00:00.000\",\"A\",5,1]", "[\"2026-11-23 10:01:00.000\",\"B\",7,1]");
  }

  @Test
  void loadsIntoATemporaryPartitionOnlyRowsOfItsRange() throws Exception {
    ok(
        exec(
            "d",
            "ALTER TABLE m ADD TEMPORARY PARTITION tp20261123 VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))"));
    JsonNode r =
        load(
            "tp20261123",
            "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}\n"
                + "{\"window_start\":\"2026-11-24 00:00:00\",\"symbol\":\"A\",\"volume\":\"1\",\"_version\":\"9\"}");
    assertThat(r.path("Status").asText()).isEqualTo("Success");
    assertThat(r.path("NumberLoadedRows").asLong()).isEqualTo(1);
    assertThat(r.path("NumberFilteredRows").asLong()).isEqualTo(1);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(r.path("ErrorURL").asText())).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("no partition for this tuple");
    assertThat(rows("SELECT symbol, volume FROM m TEMPORARY PARTITION (tp20261123)"))
        .containsExactly("[\"A\",6]");
    assertThat(rows(DAY)).as("the formal partition is untouched").hasSize(2);
    assertThat(load("tp_missing", "{}").path("Message").asText())
        .contains("Unknown partition 'tp_missing'");
  }

  @Test
  void replacesTheDayAtomicallyAndTheTemporaryPartitionDisappears() throws Exception {
    ok(
        exec(
            "d",
            "ALTER TABLE m ADD TEMPORARY PARTITION tp20261123 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))"));
    load(
        "tp20261123",
        "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}\n"
            + "{\"window_start\":\"2026-11-23 11:00:00\",\"symbol\":\"C\",\"volume\":\"2\",\"_version\":\"9\"}");
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m REPLACE PARTITION (p20261122000000) WITH TEMPORARY PARTITION (tp20261123)")))
        .contains("not equal to the range");
    ok(
        exec(
            "d",
            "ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (tp20261123)"));
    assertThat(rows(DAY))
        .containsExactly(
            "[\"2026-11-23 10:00:00.000\",\"A\",6,9]", "[\"2026-11-23 11:00:00.000\",\"C\",2,9]");
    assertThat(
            rows(
                "SELECT symbol FROM m WHERE window_start >= '2026-11-22' AND window_start < '2026-11-23'"))
        .as("other days are untouched")
        .containsExactly("[\"A\"]");
    assertThat(refused(exec("d", "SELECT * FROM m TEMPORARY PARTITION (tp20261123)")))
        .contains("Unknown partition");
    assertThat(refused(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION tp20261123")))
        .contains("tp20261123");
    ok(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION IF EXISTS tp20261123"));
  }

  @Test
  void addAndDropAreRepeatableAndRangesMayNotOverlap() throws Exception {
    String add =
        "ALTER TABLE m ADD TEMPORARY PARTITION tp1 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))";
    ok(exec("d", add));
    load(
        "tp1",
        "{\"window_start\":\"2026-11-23 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}");
    assertThat(refused(exec("d", add))).contains("Duplicate partition name tp1");
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m ADD TEMPORARY PARTITION tp2 VALUES [(\"2026-11-23 12:00:00\"), (\"2026-11-25\"))")))
        .contains("intersected");
    ok(exec("d", "ALTER TABLE m DROP TEMPORARY PARTITION IF EXISTS tp1"));
    ok(exec("d", add));
    assertThat(rows("SELECT * FROM m TEMPORARY PARTITION (tp1)"))
        .as("a re-added temporary partition starts empty")
        .isEmpty();
  }

  @Test
  void anUnpartitionedTableHasNoTemporaryPartitions() throws Exception {
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE t ADD TEMPORARY PARTITION tp1 VALUES [(\"2026-11-23\"), (\"2026-11-24\"))")))
        .contains("not a partitioned table");
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m REPLACE PARTITION (p20261123000000) WITH TEMPORARY PARTITION (nope)")))
        .contains("does not exist");
  }

  private static final String NOV25 =
      "VALUES [(\"2026-11-25 00:00:00\"), (\"2026-11-26 00:00:00\"))";

  @Test
  void aLoadCreatesTheAutoPartitionsOfItsRowsDaysAndShowPartitionsListsThem() throws Exception {
    JsonNode r = exec("d", "SHOW PARTITIONS FROM m");
    ok(r);
    assertThat(r.path("data").path("type").asText()).isEqualTo("result_set");
    List<String> meta = new ArrayList<>();
    r.path("data").path("meta").forEach(m -> meta.add(m.path("name").asText()));
    assertThat(meta)
        .containsSubsequence("PartitionId", "PartitionName", "State", "PartitionKey", "Range");
    assertThat(partitions("SHOW PARTITIONS FROM m"))
        .containsExactly(
            "p20261122000000 [types: [DATETIMEV2]; keys: [2026-11-22 00:00:00]; ..types: [DATETIMEV2]; keys: [2026-11-23 00:00:00]; )",
            "p20261123000000 [types: [DATETIMEV2]; keys: [2026-11-23 00:00:00]; ..types: [DATETIMEV2]; keys: [2026-11-24 00:00:00]; )");
    ok(exec("d", "ALTER TABLE m ADD TEMPORARY PARTITION tp25 " + NOV25));
    load(
        "tp25",
        "{\"window_start\":\"2026-11-25 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}");
    assertThat(partitions("SHOW PARTITIONS FROM d.m"))
        .as("a load into a temporary partition creates no formal partition")
        .hasSize(2);
    assertThat(partitions("SHOW TEMPORARY PARTITIONS FROM m"))
        .containsExactly(
            "tp25 [types: [DATETIMEV2]; keys: [2026-11-25 00:00:00]; ..types: [DATETIMEV2]; keys: [2026-11-26 00:00:00]; )");
    assertThat(
            load(
                    null,
                    "{\"window_start\":\"2026-11-27 01:00:00\",\"symbol\":\"A\",\"volume\":\"1\",\"_version\":\"1\"}")
                .path("Status")
                .asText())
        .isEqualTo("Success");
    assertThat(partitions("SHOW PARTITIONS FROM m"))
        .extracting(p -> p.split(" ")[0])
        .containsExactly("p20261122000000", "p20261123000000", "p20261127000000");
    assertThat(partitions("SHOW PARTITIONS FROM t"))
        .as("an unpartitioned table has one implicit partition named after it")
        .extracting(p -> p.split(" ")[0])
        .containsExactly("t");
    assertThat(refused(exec("d", "SHOW PARTITIONS FROM nope"))).contains("Unknown table 'nope'");
  }

  @Test
  void partitionsSurviveARestartOfTheEmulator() throws Exception {
    ok(exec("d", "ALTER TABLE m ADD PARTITION p20261125000000 " + NOV25));
    List<String> before = partitions("SHOW PARTITIONS FROM m");
    emulator.close();
    emulator = DorisEmulator.start("127.0.0.1", 0, store);
    base = "http://127.0.0.1:" + emulator.port();
    assertThat(partitions("SHOW PARTITIONS FROM m")).hasSize(3).isEqualTo(before);

    // Metadata of an emulator that did not record partitions yet: the days with rows get theirs.
    store.partitions.clear();
    emulator.close();
    emulator = DorisEmulator.start("127.0.0.1", 0, store);
    base = "http://127.0.0.1:" + emulator.port();
    assertThat(partitions("SHOW PARTITIONS FROM m"))
        .extracting(p -> p.split(" ")[0])
        .containsExactly("p20261122000000", "p20261123000000");
  }

  @Test
  void replacingADayWithoutAPartitionIsRefusedUntilAddPartitionCreatesIt() throws Exception {
    ok(exec("d", "ALTER TABLE m ADD TEMPORARY PARTITION tp25 " + NOV25));
    load(
        "tp25",
        "{\"window_start\":\"2026-11-25 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}");
    String replace =
        "ALTER TABLE m REPLACE PARTITION (p20261125000000) WITH TEMPORARY PARTITION (tp25)";
    assertThat(refused(exec("d", replace))).contains("Partition[p20261125000000] does not exist");
    assertThat(rows("SELECT symbol FROM m TEMPORARY PARTITION (tp25)"))
        .as("the refused REPLACE kept the stage")
        .containsExactly("[\"A\"]");
    String add = "ALTER TABLE `d`.`m` ADD PARTITION IF NOT EXISTS `p20261125000000` " + NOV25;
    ok(exec("d", add));
    ok(exec("d", add));
    assertThat(refused(exec("d", "ALTER TABLE m ADD PARTITION p20261125000000 " + NOV25)))
        .contains("Duplicate partition name p20261125000000");
    assertThat(
            rows(
                "SELECT symbol FROM m WHERE window_start >= '2026-11-25' AND window_start < '2026-11-26'"))
        .as("an added partition is empty")
        .isEmpty();
    ok(exec("d", replace));
    assertThat(
            rows(
                "SELECT symbol, volume, _version FROM m WHERE window_start >= '2026-11-25' AND window_start < '2026-11-26'"))
        .containsExactly("[\"A\",6,9]");
    assertThat(partitions("SHOW PARTITIONS FROM m"))
        .extracting(p -> p.split(" ")[0])
        .containsExactly("p20261122000000", "p20261123000000", "p20261125000000");
    assertThat(partitions("SHOW TEMPORARY PARTITIONS FROM m")).isEmpty();
  }

  @Test
  void addPartitionRefusesOverlapsPartialDaysLessThanAndUnpartitionedTables() throws Exception {
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m ADD PARTITION IF NOT EXISTS p_other VALUES [(\"2026-11-23\"), (\"2026-11-24\"))")))
        .as("IF NOT EXISTS is about the name, not the range")
        .contains("intersected");
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m ADD PARTITION p_half VALUES [(\"2026-11-25 00:00:00\"), (\"2026-11-25 12:00:00\"))")))
        .contains("exactly one day");
    assertThat(
            refused(
                exec("d", "ALTER TABLE m ADD PARTITION p_lt VALUES LESS THAN (\"2026-11-30\")")))
        .contains("not VALUES LESS THAN");
    assertThat(refused(exec("d", "ALTER TABLE t ADD PARTITION p20261125000000 " + NOV25)))
        .contains("not a partitioned table");
    ok(
        exec(
            "d",
            "ALTER TABLE m ADD PARTITION p_manual "
                + NOV25
                + " DISTRIBUTED BY HASH(`symbol`) BUCKETS 2"));
    assertThat(
            refused(
                exec(
                    "d",
                    "ALTER TABLE m ADD TEMPORARY PARTITION p_manual VALUES [(\"2026-11-28\"), (\"2026-11-29\"))")))
        .as("a temporary partition may not take a formal partition's name")
        .contains("Duplicate partition name p_manual");
    load(
        null,
        "{\"window_start\":\"2026-11-25 10:00:00\",\"symbol\":\"A\",\"volume\":\"6\",\"_version\":\"9\"}");
    assertThat(partitions("SHOW PARTITIONS FROM m"))
        .as("a row of a day with a manual partition goes into it")
        .extracting(p -> p.split(" ")[0])
        .containsExactly("p20261122000000", "p20261123000000", "p_manual");
  }

  /** "name range" per row of a SHOW [TEMPORARY] PARTITIONS answer. */
  private List<String> partitions(String show) throws Exception {
    JsonNode r = exec("d", show);
    ok(r);
    List<String> names = new ArrayList<>();
    r.path("data").path("meta").forEach(m -> names.add(m.path("name").asText()));
    List<String> out = new ArrayList<>();
    r.path("data")
        .path("data")
        .forEach(
            row ->
                out.add(
                    row.get(names.indexOf("PartitionName")).asText()
                        + " "
                        + row.get(names.indexOf("Range")).asText()));
    return out;
  }
}
