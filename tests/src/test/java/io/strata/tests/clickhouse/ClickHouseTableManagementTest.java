package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.connectors.clickhouse.ClickHouseConnector;
import io.strata.layers.config.Origin;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plugin.SinkTranslator;
import io.strata.layers.plugin.SinkTranslator.Column;
import io.strata.layers.plugin.SinkTranslator.SinkContext;
import io.strata.tests.support.ClickHouseService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `strata run` creates missing ClickHouse tables and refuses existing ones that do not fit the
 * layer.
 */
class ClickHouseTableManagementTest {
  private static final List<Column> DWD_TRADES =
      List.of(
          new Column("trade_id", "VARCHAR(2147483647) NOT NULL"),
          new Column("account_id", "VARCHAR(2147483647) NOT NULL"),
          new Column("side", "VARCHAR(2147483647)"),
          new Column("price", "DECIMAL(18, 4)"),
          new Column("quantity", "BIGINT"),
          new Column("notional", "DECIMAL(18, 4)"),
          new Column("trade_time", "TIMESTAMP_LTZ(3) NOT NULL"));
  private static final List<Column> DWS_SYMBOL_MINUTE =
      List.of(
          new Column("window_start", "TIMESTAMP(3) NOT NULL"),
          new Column("window_end", "TIMESTAMP(3) NOT NULL"),
          new Column("symbol", "VARCHAR(2147483647) NOT NULL"),
          new Column("trade_count", "BIGINT NOT NULL"),
          new Column("vwap", "DECIMAL(18, 4)"));

  private final String database = ClickHouseService.uniqueDatabase("strata_tables");
  private final SinkTranslator translator = new ClickHouseConnector().sinkTranslator();

  @AfterEach
  void dropDatabase() {
    ClickHouseService.execute("DROP DATABASE IF EXISTS `" + database + "`");
  }

  @Test
  @Timeout(60)
  void createsMissingDwdTableAsReplacingMergeTreeByBusinessKeyAndDay() throws Exception {
    translator.prepare(context(Layer.DWD, "trades", DWD_TRADES, List.of("trade_id"), Map.of()));
    translator.prepare(
        context(Layer.DWD, "trades", DWD_TRADES, List.of("trade_id"), Map.of())); // idempotent

    assertThat(
            ClickHouseService.query(
                "SELECT engine, sorting_key, partition_key FROM system.tables WHERE database = '"
                    + database
                    + "' AND name = 'dwd_trades'"))
        .containsExactly(
            List.of(
                "ReplacingMergeTree",
                "trade_id",
                "toYYYYMMDD(toDateTime(intDiv(trade_time, 1000), \\'UTC\\'))"));
    assertThat(columns("dwd_trades"))
        .containsExactly(
            "trade_id String",
            "account_id String",
            "side Nullable(String)",
            "price Nullable(Decimal(18, 4))",
            "quantity Nullable(Int64)",
            "notional Nullable(Decimal(18, 4))",
            "trade_time Int64",
            "_version UInt64");
    assertThat(
            ClickHouseService.query(
                    "SELECT engine_full FROM system.tables WHERE database = '"
                        + database
                        + "' AND name = 'dwd_trades'")
                .get(0)
                .get(0))
        .startsWith("ReplacingMergeTree(_version)");
  }

  @Test
  @Timeout(60)
  void createsMissingDwsTableKeyedByGroupByAndWindow() throws Exception {
    translator.prepare(
        context(
            Layer.DWS,
            "symbol_minute",
            DWS_SYMBOL_MINUTE,
            List.of("window_start", "window_end", "symbol"),
            Map.of("table", "symbol_minute")));

    assertThat(
            ClickHouseService.query(
                "SELECT sorting_key FROM system.tables WHERE database = '"
                    + database
                    + "' AND name = 'symbol_minute'"))
        .containsExactly(List.of("symbol, window_start, window_end"));
    assertThat(columns("symbol_minute"))
        .containsExactly(
            "window_start Int64",
            "window_end Int64",
            "symbol String",
            "trade_count Int64",
            "vwap Nullable(Decimal(18, 4))",
            "_version UInt64");
  }

  @Test
  @Timeout(60)
  void refusesAnExistingTableThatDoesNotMatchTheLayerListingEveryMismatch() {
    ClickHouseService.execute("CREATE DATABASE `" + database + "`");
    ClickHouseService.execute(
        "CREATE TABLE `"
            + database
            + "`.dwd_trades (trade_id String, account_id String, side String,"
            + " price String, quantity Int64, trade_time Int64, comment String) ENGINE = MergeTree ORDER BY (account_id)");

    assertThatThrownBy(
            () ->
                translator.prepare(
                    context(Layer.DWD, "trades", DWD_TRADES, List.of("trade_id"), Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ClickHouse table " + database + ".dwd_trades")
        .hasMessageContaining("does not match dwd.trades")
        .hasMessageContaining(
            "column price is String in ClickHouse but DECIMAL(18, 4) in the layer; expected Decimal(18, 4)")
        .hasMessageContaining("column notional is missing")
        .hasMessageContaining("column _version is missing")
        .hasMessageContaining("column comment (String) is not in the layer")
        .hasMessageContaining("engine is MergeTree, not ReplacingMergeTree(_version)")
        .hasMessageContaining("ORDER BY is (account_id) but the key of dwd.trades is (trade_id)");
  }

  @Test
  @Timeout(60)
  void acceptsAnExistingTableWithNarrowerButCompatibleTypes() throws Exception {
    ClickHouseService.execute("CREATE DATABASE `" + database + "`");
    ClickHouseService.execute(
        "CREATE TABLE `"
            + database
            + "`.dwd_trades (trade_id String, account_id FixedString(8),"
            + " side String, price Decimal(9, 4), quantity Int32, notional Nullable(Decimal(12, 4)), trade_time Int64,"
            + " _version UInt64, inserted_at DateTime DEFAULT now()) ENGINE = ReplacingMergeTree(_version) ORDER BY trade_id");

    translator.prepare(context(Layer.DWD, "trades", DWD_TRADES, List.of("trade_id"), Map.of()));
  }

  @Test
  @Timeout(60)
  void explainsThatADwdTableWithoutKeyNeedsOne() {
    assertThatThrownBy(
            () -> translator.prepare(context(Layer.DWD, "quotes", DWD_TRADES, List.of(), Map.of())))
        .hasMessageContaining("dwd.quotes has no key")
        .hasMessageContaining("set key = ");
  }

  private List<String> columns(String table) {
    return ClickHouseService.query(
            "SELECT name, type FROM system.columns WHERE database = '"
                + database
                + "' AND table = '"
                + table
                + "'")
        .stream()
        .map(r -> r.get(0) + " " + r.get(1))
        .toList();
  }

  private SinkContext context(
      Layer layer,
      String table,
      List<Column> columns,
      List<String> key,
      Map<String, String> sinkOptions) {
    TableRef ref = new TableRef(layer, table);
    ConnectionDef connection =
        new ConnectionDef(
            "clickhouse",
            "clickhouse",
            Map.of("url", ClickHouseService.url(), "database", database),
            Set.of(),
            Origin.UNKNOWN);
    SinkDef sink = new SinkDef("clickhouse", "clickhouse", sinkOptions, 0, Origin.UNKNOWN);
    PipelineSettings settings =
        new PipelineSettings(
            "tables", "UTC", 1, Duration.ofSeconds(10), "exactly-once", Origin.UNKNOWN);
    return new SinkContext(
        ref,
        columns,
        key,
        sink,
        connection,
        settings,
        "sink__" + layer.key() + "__" + table + "__0");
  }
}
