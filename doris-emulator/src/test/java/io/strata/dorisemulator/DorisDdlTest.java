package io.strata.dorisemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class DorisDdlTest {

  @Test
  void readsTheUniqueKeyTablesStrataCreates() {
    String ddl =
        "CREATE TABLE IF NOT EXISTS `db1`.`dws_symbol_minute` (\n"
            + "  `window_start` DATETIME(3) NOT NULL,\n  `window_end` DATETIME(3) NOT NULL,\n  `symbol` VARCHAR(255) NOT NULL,\n"
            + "  `volume` BIGINT NULL,\n  `vwap` DECIMAL(18, 4) NULL COMMENT 'volume-weighted'\n) ENGINE=OLAP\n"
            + "UNIQUE KEY(`window_start`, `window_end`, `symbol`)\nCOMMENT 'Strata dws.symbol_minute'\n"
            + "DISTRIBUTED BY HASH(`window_start`, `window_end`, `symbol`) BUCKETS 2\n"
            + "PROPERTIES (\n  \"replication_num\" = \"1\",\n  \"enable_unique_key_merge_on_write\" = \"true\"\n)";
    DorisDdl.CreateTable ct = (DorisDdl.CreateTable) DorisDdl.parse(ddl, null);
    DorisTable t = ct.table();
    assertThat(ct.ifNotExists()).isTrue();
    assertThat(t.qualifiedName()).isEqualTo("db1.dws_symbol_minute");
    assertThat(t.keyColumns()).containsExactly("window_start", "window_end", "symbol");
    assertThat(t.column("vwap").type().ddl()).isEqualTo("DECIMAL(18, 4)");
    assertThat(t.column("vwap").comment()).isEqualTo("volume-weighted");
    assertThat(t.column("symbol").nullable()).isFalse();
    assertThat(t.properties()).containsEntry("replication_num", "1");
  }

  @Test
  void usesThePathDatabaseForUnqualifiedNames() {
    DorisDdl.CreateTable ct =
        (DorisDdl.CreateTable)
            DorisDdl.parse(
                "CREATE TABLE t (k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS AUTO",
                "sales");
    assertThat(ct.table().database()).isEqualTo("sales");
  }

  @Test
  void readsTheSequenceColumnProperty() {
    DorisTable t =
        ((DorisDdl.CreateTable)
                DorisDdl.parse(
                    "CREATE TABLE d.t (k INT, v BIGINT, s DATETIME) UNIQUE KEY(k) "
                        + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('function_column.sequence_col' = 's')",
                    null))
            .table();
    assertThat(t.sequenceColumn()).isEqualTo("s");
  }

  @Test
  void refusesOtherDataModelsWithTheReason() {
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "CREATE TABLE d.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("Unique Key model only")
        .hasMessageContaining("DUPLICATE");
  }

  @Test
  void refusesKeyColumnsThatAreNotTheLeadingColumns() {
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "CREATE TABLE d.t (v INT, k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("ordered prefix");
  }

  @Test
  void refusesStatementsItCannotRun() {
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "ALTER TABLE d.t ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2020-02-01')",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("not VALUES LESS THAN");
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "CREATE TABLE d.t (k INT, v INT) UNIQUE KEY(k) PARTITION BY RANGE(k) () DISTRIBUTED BY HASH(k)",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("AUTO PARTITION BY RANGE (date_trunc");
    assertThatThrownBy(() -> DorisDdl.parse("ALTER TABLE d.t DROP PARTITION p1", null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("TEMPORARY PARTITION");
    assertThatThrownBy(() -> DorisDdl.parse("SHOW TABLES", "d"))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("PARTITIONS");
    assertThatThrownBy(() -> DorisDdl.parse("ALTER TABLE d.t RENAME t2", null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("ADD / DROP TEMPORARY PARTITION");
    assertThatThrownBy(() -> DorisDdl.parse("SELECT k, count(*) FROM d.t GROUP BY k", null))
        .isInstanceOf(DorisDdl.Unsupported.class);
    assertThatThrownBy(() -> DorisDdl.parse("UPDATE d.t SET v = 1", null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("SELECT of one table");
  }

  @Test
  void readsAddPartitionAndShowPartitions() {
    var add =
        (DorisDdl.AddPartition)
            DorisDdl.parse(
                "ALTER TABLE `d`.`m` ADD PARTITION IF NOT EXISTS `p20261123000000` VALUES [(\"2026-11-23 00:00:00\"), (\"2026-11-24 00:00:00\"))",
                null);
    assertThat(add.ifNotExists()).isTrue();
    assertThat(add.partition())
        .isEqualTo(FormalPartition.autoDay(java.time.LocalDate.of(2026, 11, 23)));
    assertThat(
            ((DorisDdl.AddPartition)
                    DorisDdl.parse(
                        "ALTER TABLE m ADD PARTITION p1 VALUES [('2026-11-23'), ('2026-11-24'))",
                        "d"))
                .ifNotExists())
        .isFalse();
    assertThat(DorisDdl.parse("SHOW PARTITIONS FROM m", "d"))
        .isEqualTo(new DorisDdl.ShowPartitions("d", "m", false));
    assertThat(DorisDdl.parse("SHOW TEMPORARY PARTITIONS FROM `x`.`m`;", "d"))
        .isEqualTo(new DorisDdl.ShowPartitions("x", "m", true));
  }

  @Test
  void readsTheDayAutoPartitionAndSequenceColumnStrataCreates() {
    DorisTable t =
        ((DorisDdl.CreateTable)
                DorisDdl.parse(
                    "CREATE TABLE IF NOT EXISTS `db1`.`dws_symbol_minute` (\n"
                        + "  `window_start` DATETIME(3) NOT NULL,\n  `window_end` DATETIME(3) NOT NULL,\n  `symbol` VARCHAR(255) NOT NULL,\n"
                        + "  `volume` BIGINT NULL,\n  `_version` BIGINT NOT NULL\n) ENGINE=OLAP\n"
                        + "UNIQUE KEY(`window_start`, `window_end`, `symbol`)\n"
                        + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) ()\n"
                        + "DISTRIBUTED BY HASH(`window_start`, `window_end`, `symbol`) BUCKETS 1\n"
                        + "PROPERTIES (\"replication_num\" = \"1\", \"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_col\" = \"_version\")",
                    null))
            .table();
    assertThat(t.partitionColumn()).isEqualTo("window_start");
    assertThat(t.sequenceColumn()).isEqualTo("_version");
  }

  @Test
  void refusesAutoPartitionsItDoesNotEmulate() {
    String head =
        "CREATE TABLE d.t (ts DATETIME NOT NULL, k INT NOT NULL, v INT) UNIQUE KEY(ts, k) ";
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    head
                        + "AUTO PARTITION BY RANGE (date_trunc(`ts`, 'month')) () DISTRIBUTED BY HASH(k) BUCKETS 1",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("'day' only");
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    head + "AUTO PARTITION BY LIST (`k`) () DISTRIBUTED BY HASH(k) BUCKETS 1",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("RANGE only");
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "CREATE TABLE d.t (k INT NOT NULL, ts DATETIME NOT NULL) UNIQUE KEY(k) "
                        + "AUTO PARTITION BY RANGE (date_trunc(`ts`, 'day')) () DISTRIBUTED BY HASH(k) BUCKETS 1",
                    null))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("must be key column");
  }

  @Test
  void readsTheTemporaryPartitionStatementsAsDorisDocumentsThem() {
    DorisDdl.AddTemporaryPartition add =
        (DorisDdl.AddTemporaryPartition)
            DorisDdl.parse(
                "ALTER TABLE tbl2 ADD TEMPORARY PARTITION tp1 VALUES [(\"2020-01-01\"), (\"2020-02-01\"))",
                "d");
    assertThat(add.table()).isEqualTo("tbl2");
    assertThat(add.partition().lower()).isEqualTo(LocalDateTime.parse("2020-01-01T00:00"));
    assertThat(add.partition().upper()).isEqualTo(LocalDateTime.parse("2020-02-01T00:00"));
    DorisDdl.AddTemporaryPartition withBuckets =
        (DorisDdl.AddTemporaryPartition)
            DorisDdl.parse(
                "ALTER TABLE d.tbl1 ADD TEMPORARY PARTITION tp1 VALUES [(\"2020-01-01 00:00:00\"), (\"2020-01-02 00:00:00\")) DISTRIBUTED BY HASH(k1) BUCKETS 5",
                null);
    assertThat(withBuckets.partition().upper()).isEqualTo(LocalDateTime.parse("2020-01-02T00:00"));

    DorisDdl.DropTemporaryPartition drop =
        (DorisDdl.DropTemporaryPartition)
            DorisDdl.parse("ALTER TABLE tbl1 DROP TEMPORARY PARTITION tp1", "d");
    assertThat(drop.partition()).isEqualTo("tp1");
    assertThat(drop.ifExists()).isFalse();
    assertThat(
            ((DorisDdl.DropTemporaryPartition)
                    DorisDdl.parse(
                        "ALTER TABLE d.tbl1 DROP TEMPORARY PARTITION IF EXISTS tp1", null))
                .ifExists())
        .isTrue();

    DorisDdl.ReplacePartition replace =
        (DorisDdl.ReplacePartition)
            DorisDdl.parse(
                "ALTER TABLE tbl1 REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1) PROPERTIES (\"strict_range\" = \"true\")",
                "d");
    assertThat(replace.partition()).isEqualTo("p1");
    assertThat(replace.temporaryPartition()).isEqualTo("tp1");
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "ALTER TABLE tbl1 REPLACE PARTITION (p1, p2) WITH TEMPORARY PARTITION (tp1, tp2)",
                    "d"))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("one partition");
    assertThatThrownBy(
            () ->
                DorisDdl.parse(
                    "ALTER TABLE tbl1 REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1) PROPERTIES ('strict_range' = 'false')",
                    "d"))
        .isInstanceOf(DorisDdl.Unsupported.class)
        .hasMessageContaining("strict_range");
  }

  @Test
  void readsTheSelectOfOneDay() {
    DorisDdl.Select s =
        (DorisDdl.Select)
            DorisDdl.parse(
                "SELECT `window_start`, symbol FROM dws_symbol_minute"
                    + " WHERE `window_start` >= '2026-11-23 00:00:00' AND `window_start` < '2026-11-24 00:00:00' ORDER BY window_start, symbol",
                "db1");
    assertThat(s.columns()).containsExactly("window_start", "symbol");
    assertThat(s.column()).isEqualTo("window_start");
    assertThat(s.lower()).isEqualTo("2026-11-23 00:00:00");
    assertThat(s.upper()).isEqualTo("2026-11-24 00:00:00");
    assertThat(s.orderBy()).containsExactly("window_start", "symbol");
    DorisDdl.Select tp =
        (DorisDdl.Select) DorisDdl.parse("SELECT * FROM d.t TEMPORARY PARTITION (tp1)", null);
    assertThat(tp.columns()).isEmpty();
    assertThat(tp.temporaryPartition()).isEqualTo("tp1");
  }
}
