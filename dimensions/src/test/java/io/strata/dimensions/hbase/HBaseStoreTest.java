package io.strata.dimensions.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.dimensions.LookupTable;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HBaseStoreTest {
  @Test
  void lookupTableHasTheRowKeyAndOneFamilyRowWithBoundedClientTimeouts() {
    DimensionDef d =
        new DimensionDef(
            "instruments",
            "hbase",
            "refdata:instruments",
            "symbol",
            Map.of("column-family", "f", "async", "false", "timeout", "2000ms"),
            List.of(
                new ColumnDef("symbol", "STRING", null), new ColumnDef("lot_size", "INT", null)),
            null,
            null,
            null);
    ConnectionDef c =
        new ConnectionDef(
            "hbase", "hbase", Map.of("zookeeper-quorum", "127.0.0.1:12181"), Set.of(), null);
    LookupTable t = new HBaseStore().lookupTable(d, c, "dim");
    assertThat(t.ddl())
        .contains(
            "`symbol` STRING,",
            "`f` ROW<`lot_size` INT>",
            "PRIMARY KEY (`symbol`) NOT ENFORCED",
            "'connector' = 'hbase-2.2'",
            "'lookup.async' = 'false'",
            "'properties.hbase.client.operation.timeout' = '2000'",
            "'zookeeper.znode.parent' = '/hbase'");
    assertThat(t.column("x", "lot_size")).isEqualTo("x.`f`.`lot_size`");
    assertThat(t.key("x")).isEqualTo("x.`symbol`");
  }

  @Test
  void aVersionedDimensionCannotBeLookedUpAsOfAPastDay() {
    DimensionDef d =
        new DimensionDef(
            "instruments",
            "hbase",
            "refdata:instruments",
            "symbol",
            Map.of("valid-from", "valid_from"),
            List.of(
                new ColumnDef("symbol", "STRING", null), new ColumnDef("valid_from", "DATE", null)),
            null,
            null,
            null);
    ConnectionDef c =
        new ConnectionDef(
            "hbase", "hbase", Map.of("zookeeper-quorum", "127.0.0.1:12181"), Set.of(), null);
    assertThat(new HBaseStore().asOfUnsupportedReason()).isNull();
    // As of 2026-11-23: the newest cell written before 2026-11-24T00:00Z, read by Strata's own
    // lookup (Flink's HBase lookup reads the newest cell only).
    assertThat(
            new HBaseStore()
                .lookupTable(d, c, "dim", java.time.LocalDate.parse("2026-11-23"))
                .ddl())
        .contains("'connector' = 'strata-hbase-as-of'")
        .contains(
            "'as-of-millis' = '"
                + java.time.Instant.parse("2026-11-24T00:00:00Z").toEpochMilli()
                + "'")
        .contains("'table-name' = 'refdata:instruments'");
    assertThat(new HBaseStore().lookupTable(d, c, "dim", null).ddl())
        .contains("'connector' = 'hbase-2.2'");
  }
}
