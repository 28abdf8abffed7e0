package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.connectors.clickhouse.ClickHouseSchemaCheck.ExistingColumn;
import io.strata.connectors.clickhouse.ClickHouseSchemaCheck.ExistingTable;
import io.strata.connectors.clickhouse.ClickHouseTableSpec.ColumnSpec;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

class ClickHouseTableSpecTest {
  private static final TableRef DWD_TRADES = new TableRef(Layer.DWD, "trades");
  private static final TableRef DWS_SYMBOL_MINUTE = new TableRef(Layer.DWS, "symbol_minute");

  private static final List<ColumnSpec> TRADES =
      columns(
          "trade_id",
          "STRING NOT NULL",
          "symbol",
          "STRING NOT NULL",
          "side",
          "STRING",
          "price",
          "DECIMAL(18, 4)",
          "quantity",
          "BIGINT",
          "trade_time",
          "TIMESTAMP_LTZ(3) NOT NULL");
  private static final List<ColumnSpec> SYMBOL_MINUTE =
      columns(
          "window_start",
          "TIMESTAMP(3) NOT NULL",
          "window_end",
          "TIMESTAMP(3) NOT NULL",
          "symbol",
          "STRING NOT NULL",
          "volume",
          "BIGINT",
          "vwap",
          "DECIMAL(18, 4)");

  @Test
  void dwdTableReplacesByBusinessKeyAndPartitionsByEventDay() {
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(
            DWD_TRADES, TRADES, List.of("trade_id"), "trading", null, null, null);

    assertThat(spec.createTableSql())
        .isEqualTo(
            """
        CREATE TABLE IF NOT EXISTS `trading`.`dwd_trades` (
          `trade_id` String,
          `symbol` String,
          `side` Nullable(String),
          `price` Nullable(Decimal(18, 4)),
          `quantity` Nullable(Int64),
          `trade_time` Int64,
          `_version` UInt64
        )
        ENGINE = ReplacingMergeTree(`_version`)
        PARTITION BY toYYYYMMDD(toDateTime(intDiv(`trade_time`, 1000), 'UTC'))
        ORDER BY (`trade_id`)""");
    assertThat(spec.versionSource()).isEqualTo("trade_time");
    assertThat(spec.createDatabaseSql()).isEqualTo("CREATE DATABASE IF NOT EXISTS `trading`");
  }

  @Test
  void dwsTableReplacesByGroupByAndWindowAndVersionsByWindowEnd() {
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(
            DWS_SYMBOL_MINUTE,
            SYMBOL_MINUTE,
            List.of("window_start", "window_end", "symbol"),
            "trading",
            null,
            null,
            null);

    assertThat(spec.table()).isEqualTo("dws_symbol_minute");
    assertThat(spec.orderBy()).containsExactly("symbol", "window_start", "window_end");
    assertThat(spec.timeColumn()).isEqualTo("window_start");
    assertThat(spec.versionSource()).isEqualTo("window_end");
    assertThat(spec.partitionExpression())
        .isEqualTo("toYYYYMMDD(toDateTime(intDiv(`window_start`, 1000), 'UTC'))");
  }

  @Test
  void keyAndTimeColumnsAreNeverNullableBecauseClickHouseCannotSortByNullable() {
    List<ColumnSpec> nullableKey = columns("id", "STRING", "at", "TIMESTAMP(3)");
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(DWD_TRADES, nullableKey, List.of("id"), "d", "t", null, null);

    assertThat(spec.column("id").clickHouseType().canonical()).isEqualTo("String");
    assertThat(spec.column("at").clickHouseType().canonical()).isEqualTo("Int64");
  }

  @Test
  void sinkOptionsOverrideTableKeyAndTimeColumn() {
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(
            new TableRef(Layer.DWD, "quotes"),
            columns(
                "symbol",
                "STRING NOT NULL",
                "bid",
                "DECIMAL(18, 4)",
                "quote_time",
                "TIMESTAMP_LTZ(3) NOT NULL",
                "received",
                "TIMESTAMP_LTZ(3)"),
            List.of(),
            "d",
            "quotes_detail",
            "symbol, quote_time",
            "quote_time");

    assertThat(spec.table()).isEqualTo("quotes_detail");
    assertThat(spec.orderBy()).containsExactly("symbol", "quote_time");
    assertThat(spec.versionSource()).isEqualTo("quote_time");
  }

  @Test
  void dwdTableWithoutKeyIsRefusedWithAHint() {
    assertThatThrownBy(
            () ->
                ClickHouseTableSpec.of(
                    new TableRef(Layer.DWD, "quotes"), TRADES, List.of(), "d", null, null, null))
        .hasMessageContaining("dwd.quotes has no key")
        .hasMessageContaining("set key = \"col1, col2\" on its clickhouse sink");
  }

  @Test
  void severalTimestampColumnsNeedAnExplicitTimeColumn() {
    assertThatThrownBy(
            () ->
                ClickHouseTableSpec.of(
                    DWD_TRADES,
                    columns("id", "STRING NOT NULL", "a", "TIMESTAMP(3)", "b", "TIMESTAMP_LTZ(3)"),
                    List.of("id"),
                    "d",
                    null,
                    null,
                    null))
        .hasMessageContaining("several timestamp columns (a, b)")
        .hasMessageContaining("set time-column");
  }

  @Test
  void unknownKeyColumnIsNamed() {
    assertThatThrownBy(
            () ->
                ClickHouseTableSpec.of(
                    DWD_TRADES, TRADES, List.of("trade_id"), "d", null, "tradeid", null))
        .hasMessageContaining("key column 'tradeid'")
        .hasMessageContaining("columns: trade_id, symbol, side, price, quantity, trade_time");
  }

  @Test
  void tableCreatedByStrataMatchesItsOwnSpec() {
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(DWD_TRADES, TRADES, List.of("trade_id"), "d", null, null, null);
    List<ExistingColumn> cols = new ArrayList<>();
    spec.columns()
        .forEach(c -> cols.add(new ExistingColumn(c.name(), c.clickHouseType().canonical(), "")));
    cols.add(new ExistingColumn("_version", "UInt64", ""));

    assertThat(
            ClickHouseSchemaCheck.mismatches(
                spec, new ExistingTable("ReplacingMergeTree", "trade_id", cols)))
        .isEmpty();
  }

  @Test
  void schemaCheckListsEveryMismatch() {
    ClickHouseTableSpec spec =
        ClickHouseTableSpec.of(DWD_TRADES, TRADES, List.of("trade_id"), "d", null, null, null);
    List<ExistingColumn> cols =
        List.of(
            new ExistingColumn("trade_id", "String", ""),
            new ExistingColumn("symbol", "String", ""),
            new ExistingColumn("side", "String", ""),
            new ExistingColumn("price", "Float64", ""),
            new ExistingColumn("trade_time", "DateTime", ""),
            new ExistingColumn("_version", "UInt32", ""),
            new ExistingColumn("note", "String", ""),
            new ExistingColumn("loaded_at", "DateTime", "DEFAULT"));

    assertThat(
            ClickHouseSchemaCheck.mismatches(
                spec, new ExistingTable("MergeTree", "symbol, trade_id", cols)))
        .containsExactly(
            "column price is Float64 in ClickHouse but DECIMAL(18, 4) in the layer; expected Decimal(18, 4) or Nullable(Decimal(18, 4))",
            "column quantity is missing (the layer has BIGINT; add it with ALTER TABLE `d`.`dwd_trades` ADD COLUMN `quantity` Nullable(Int64))",
            "column trade_time is DateTime in ClickHouse but TIMESTAMP_LTZ(3) NOT NULL in the layer; expected Int64",
            "column _version is UInt32; it must be UInt64",
            "column note (String) is not in the layer dwd.trades and has no DEFAULT, so every row would get an empty value there",
            "engine is MergeTree, not ReplacingMergeTree(_version): rows re-emitted after a restore would be counted twice",
            "ORDER BY is (symbol, trade_id) but the key of dwd.trades is (trade_id): ReplacingMergeTree replaces rows with equal ORDER BY values");
  }

  static List<ColumnSpec> columns(String... nameType) {
    List<ColumnSpec> out = new ArrayList<>();
    for (int i = 0; i < nameType.length; i += 2) {
      out.add(
          new ColumnSpec(
              nameType[i],
              LogicalTypeParser.parse(
                  nameType[i + 1], ClickHouseTableSpecTest.class.getClassLoader()),
              null));
    }
    return out;
  }
}
