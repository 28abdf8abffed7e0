package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.tests.support.ClickHouseService;
import io.strata.tests.support.KafkaService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rows the ClickHouse table cannot hold (null in a non-Nullable column, a decimal or integer out of
 * the column's range, a string longer than a FixedString) go to the dead-letter topic with the
 * reason and are counted; the rest of their batch lands, and the job does not fail.
 */
class ClickHouseBadRowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String database = ClickHouseService.uniqueDatabase("strata_badrows");

  @AfterEach
  void dropDatabase() {
    ClickHouseService.execute("DROP DATABASE IF EXISTS `" + database + "`");
  }

  @Test
  @Timeout(120)
  void refusedRowsAreDeadLetteredWithTheirReasonWhileTheRestOfTheBatchLands() throws Exception {
    ClickHouseService.execute("CREATE DATABASE `" + database + "`");
    // A table narrower than the layer: compatible, but not every value fits.
    ClickHouseService.execute(
        "CREATE TABLE `"
            + database
            + "`.orders (id Int64, customer String, amount Decimal(9, 4),"
            + " code FixedString(3), units Int16, placed_at Int64, _version UInt64)"
            + " ENGINE = ReplacingMergeTree(_version) ORDER BY id");
    String deadLetters = KafkaService.uniqueTopic("clickhouse-bad-rows.dlq");
    KafkaService.createTopic(deadLetters, 1);

    Instant at = Instant.parse("2026-11-23T09:30:00.123Z");
    List<Row> rows = new ArrayList<>();
    for (long id = 1; id <= 50; id++) {
      rows.add(Row.of(id, "c" + id, new BigDecimal("12.5000"), "ABC", (int) id, at.plusMillis(id)));
    }
    rows.add(Row.of(101L, null, new BigDecimal("1.0000"), "ABC", 1, at));
    rows.add(Row.of(102L, "c102", new BigDecimal("123456.0000"), "ABC", 1, at));
    rows.add(Row.of(103L, "c103", new BigDecimal("1.0000"), "ABCD", 1, at));
    rows.add(Row.of(104L, "c104", new BigDecimal("1.0000"), "ABC", 70_000, at));

    CapturedMetrics.run(
        () -> {
          StreamExecutionEnvironment env =
              StreamExecutionEnvironment.getExecutionEnvironment(
                  CapturedMetrics.configure(new Configuration()));
          env.setParallelism(1);
          StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
          tEnv.executeSql(
              "CREATE TEMPORARY TABLE orders (id BIGINT NOT NULL, customer STRING, amount DECIMAL(18, 4), code STRING,"
                  + " units INT, placed_at TIMESTAMP_LTZ(3) NOT NULL) WITH ("
                  + " 'connector' = 'strata-clickhouse', 'url' = '"
                  + ClickHouseService.url()
                  + "', 'database' = '"
                  + database
                  + "',"
                  + " 'table' = 'orders', 'pipeline' = 'bad-rows', 'layer-table' = 'dwd.orders', 'version-column' = 'placed_at',"
                  + " 'batch.size' = '20', 'dead-letter.topic' = '"
                  + deadLetters
                  + "',"
                  + " 'dead-letter.bootstrap-servers' = '"
                  + KafkaService.bootstrap()
                  + "')");
          tEnv.fromValues(
                  DataTypes.ROW(
                      DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                          DataTypes.FIELD("customer", DataTypes.STRING()),
                      DataTypes.FIELD("amount", DataTypes.DECIMAL(18, 4)),
                          DataTypes.FIELD("code", DataTypes.STRING()),
                      DataTypes.FIELD("units", DataTypes.INT()),
                          DataTypes.FIELD("placed_at", DataTypes.TIMESTAMP_LTZ(3).notNull())),
                  rows)
              .executeInsert("orders")
              .await();
        });

    assertThat(ClickHouseService.queryLong("SELECT count() FROM `" + database + "`.orders FINAL"))
        .isEqualTo(50);
    assertThat(
            ClickHouseService.query(
                "SELECT id, customer, toString(amount), code, units, placed_at, _version FROM `"
                    + database
                    + "`.orders WHERE id = 7"))
        .containsExactly(
            List.of(
                "7",
                "c7",
                "12.5000",
                "ABC",
                "7",
                String.valueOf(at.toEpochMilli() + 7),
                String.valueOf(at.toEpochMilli() + 7)));

    List<ConsumerRecord<byte[], byte[]>> letters =
        KafkaService.readAtLeast(deadLetters, 4, Duration.ofSeconds(30));
    List<JsonNode> docs = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : letters) {
      docs.add(JSON.readTree(r.value()));
    }
    assertThat(docs).hasSize(4);
    assertThat(docs)
        .allSatisfy(
            d -> {
              assertThat(d.get("pipeline").asText()).isEqualTo("bad-rows");
              assertThat(d.get("table").asText()).isEqualTo("dwd.orders");
              assertThat(d.get("kind").asText()).isEqualTo("unwritable");
              assertThat(d.get("sink").asText()).isEqualTo("clickhouse " + database + ".orders");
            });
    assertThat(docs)
        .extracting(d -> d.get("row").get("id").asText() + ": " + d.get("reason").asText())
        .containsExactly(
            "101: null in column customer, which is String (not Nullable) in ClickHouse",
            "102: value 123456.0000 in column amount does not fit Decimal(9, 4)",
            "103: value of 4 bytes in column code does not fit FixedString(3): 'ABCD'",
            "104: value 70000 in column units is outside the range of Int16");
    assertThat(docs.get(2).get("row").get("code").asText()).isEqualTo("ABCD");

    assertThat(CapturedMetrics.counter("sink0_rejected")).isEqualTo(4);
    assertThat(CapturedMetrics.counter("sink0_written")).isEqualTo(50);
  }
}
