package io.strata.dorisemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DorisDdlTest {

  @Test
  void readsTheUniqueKeyTablesStrataCreates() {
    String ddl = "CREATE TABLE IF NOT EXISTS `db1`.`dws_symbol_minute` (\n"
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
    DorisDdl.CreateTable ct = (DorisDdl.CreateTable) DorisDdl.parse("CREATE TABLE t (k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS AUTO", "sales");
    assertThat(ct.table().database()).isEqualTo("sales");
  }

  @Test
  void readsTheSequenceColumnProperty() {
    DorisTable t = ((DorisDdl.CreateTable) DorisDdl.parse("CREATE TABLE d.t (k INT, v BIGINT, s DATETIME) UNIQUE KEY(k) "
        + "DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ('function_column.sequence_col' = 's')", null)).table();
    assertThat(t.sequenceColumn()).isEqualTo("s");
  }

  @Test
  void refusesOtherDataModelsWithTheReason() {
    assertThatThrownBy(() -> DorisDdl.parse("CREATE TABLE d.t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1", null))
        .isInstanceOf(DorisDdl.Unsupported.class).hasMessageContaining("Unique Key model only").hasMessageContaining("DUPLICATE");
  }

  @Test
  void refusesKeyColumnsThatAreNotTheLeadingColumns() {
    assertThatThrownBy(() -> DorisDdl.parse("CREATE TABLE d.t (v INT, k INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1", null))
        .isInstanceOf(DorisDdl.Unsupported.class).hasMessageContaining("ordered prefix");
  }

  @Test
  void refusesStatementsItCannotRun() {
    assertThatThrownBy(() -> DorisDdl.parse("ALTER TABLE d.t ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ('2020-02-01')", null))
        .isInstanceOf(DorisDdl.Unsupported.class).hasMessageContaining("CREATE DATABASE, CREATE TABLE and DROP TABLE");
    assertThatThrownBy(() -> DorisDdl.parse("CREATE TABLE d.t (k INT, v INT) UNIQUE KEY(k) PARTITION BY RANGE(k) () DISTRIBUTED BY HASH(k)", null))
        .isInstanceOf(DorisDdl.Unsupported.class).hasMessageContaining("PARTITION BY");
  }
}
