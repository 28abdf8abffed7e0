package io.strata.lineage.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The history table's DDL on old and current ClickHouse (the write/read path runs against the real
 * server in tests/lineage).
 */
class ClickHouseHistoryStoreTest {

  @Test
  void tableTtlOnlyWhereTheServerKnowsIt() {
    assertThat(ClickHouseHistoryStore.supportsTtl("18.16.1")).isFalse();
    assertThat(ClickHouseHistoryStore.supportsTtl("19.5.4.22")).isFalse();
    assertThat(ClickHouseHistoryStore.supportsTtl("19.6.2.11")).isTrue();
    assertThat(ClickHouseHistoryStore.supportsTtl("24.8.4.13")).isTrue();
  }

  @Test
  void dayPartitionsWithTheRetentionAsTtlInWholeDays() {
    String current =
        ClickHouseHistoryStore.createTableDdl("`strata`.`h`", Duration.ofDays(30), true);
    assertThat(current)
        .contains(
            "ENGINE = MergeTree() PARTITION BY day ORDER BY (pipeline, kind, subject, name, at_ms) TTL day + INTERVAL 30 DAY");
    assertThat(ClickHouseHistoryStore.createTableDdl("`strata`.`h`", Duration.ofDays(30), false))
        .doesNotContain("TTL")
        .endsWith("at_ms)");
    assertThat(ClickHouseHistoryStore.retentionDays(Duration.ofHours(36))).isEqualTo(2);
    assertThat(ClickHouseHistoryStore.retentionDays(Duration.ofMinutes(5))).isEqualTo(1);
  }
}
