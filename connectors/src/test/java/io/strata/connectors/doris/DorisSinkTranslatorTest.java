package io.strata.connectors.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layers.config.Origin;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plugin.SinkTranslator;
import io.strata.layers.plugin.SinkTranslator.Column;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.Test;

class DorisSinkTranslatorTest {
  private static final List<Column> DWD_TRADES =
      List.of(
          new Column("trade_id", "VARCHAR(2147483647) NOT NULL"),
          new Column("symbol", "VARCHAR(2147483647) NOT NULL"),
          new Column("price", "DECIMAL(18, 4)"),
          new Column("quantity", "BIGINT"),
          new Column("trade_time", "TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL"));

  static SinkTranslator.SinkContext context(
      List<Column> columns, List<String> keys, Map<String, String> sinkOptions) {
    ConnectionDef doris =
        new ConnectionDef(
            "doris",
            "doris",
            Map.of(
                "fe-nodes",
                "127.0.0.1:1",
                "database",
                "sales",
                "username",
                "loader",
                "password",
                "s3cret"),
            Set.of("password"),
            Origin.UNKNOWN);
    return new SinkTranslator.SinkContext(
        new TableRef(Layer.DWD, "trades"),
        columns,
        keys,
        new SinkDef("doris", "doris", sinkOptions, 0, Origin.UNKNOWN),
        doris,
        new PipelineSettings(
            "trading", "UTC", 1, Duration.ofSeconds(10), "exactly-once", Origin.UNKNOWN),
        "sink__dwd__trades__0");
  }

  @Test
  void writesThroughTheRealConnectorWithTwoPhaseCommitAndNoRedirect() {
    String ddl =
        new DorisSinkTranslator()
            .createTableDdl(context(DWD_TRADES, List.of("trade_id"), Map.of()));
    assertThat(ddl)
        .contains(
            "'connector' = 'doris'",
            "'fenodes' = '127.0.0.1:1'",
            "'table.identifier' = 'sales.dwd_trades'",
            "'sink.enable-2pc' = 'true'",
            "'auto-redirect' = 'false'",
            "'sink.enable-delete' = 'false'",
            "'sink.properties.format' = 'json'",
            "'sink.properties.read_json_by_line' = 'true'",
            "'sink.label-prefix' = 'strata_trading_dwd_trades_0_"
                + DorisSinkTranslator.RUN_TAG
                + "'");
  }

  @Test
  void labelPrefixesFollowDorisLabelRules() {
    SinkTranslator.SinkContext ctx = context(DWD_TRADES, List.of("trade_id"), Map.of());
    String longName = "x".repeat(200);
    SinkTranslator.SinkContext longCtx =
        new SinkTranslator.SinkContext(
            new TableRef(Layer.DWS, longName),
            ctx.columns(),
            ctx.keyColumns(),
            ctx.sink(),
            ctx.connection(),
            ctx.settings(),
            ctx.sinkTableName());
    for (String prefix :
        List.of(DorisSinkTranslator.labelPrefix(ctx), DorisSinkTranslator.labelPrefix(longCtx))) {
      assertThat(prefix).matches("[-_A-Za-z0-9]{1,64}");
    }
    assertThat(
            DorisSinkTranslator.labelPrefix(
                context(DWD_TRADES, List.of("trade_id"), Map.of("label-prefix", "mine"))))
        .isEqualTo("mine");
  }

  @Test
  void flinkPlansTheSinkWithoutCallingDoris() {
    // fe-nodes points at a closed port: planning must not need the FE (no delete sign, 2PC forced).
    String ddl =
        new DorisSinkTranslator()
            .createTableDdl(context(DWD_TRADES, List.of("trade_id"), Map.of()));
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(
            StreamExecutionEnvironment.getExecutionEnvironment(),
            EnvironmentSettings.inStreamingMode());
    tEnv.executeSql(ddl);
    tEnv.executeSql(
        "CREATE TEMPORARY TABLE src (trade_id STRING NOT NULL, symbol STRING NOT NULL, price DECIMAL(18, 4), quantity BIGINT,"
            + " trade_time TIMESTAMP_LTZ(3) NOT NULL) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
    String plan = tEnv.explainSql("INSERT INTO `sink__dwd__trades__0` SELECT * FROM src");
    assertThat(plan).contains("sink__dwd__trades__0");
  }

  @Test
  void createsAUniqueKeyTableWithTheKeyFirst() {
    String ddl =
        DorisTableDdl.createTable(
            context(DWD_TRADES, List.of("symbol", "trade_id"), Map.of()),
            "sales",
            "dwd_trades",
            4,
            1);
    assertThat(ddl)
        .startsWith(
            "CREATE TABLE IF NOT EXISTS `sales`.`dwd_trades` (\n  `symbol` VARCHAR(255) NOT NULL,\n  `trade_id` VARCHAR(255) NOT NULL,\n  `price` DECIMAL(18, 4) NULL,");
    assertThat(ddl)
        .contains(
            "`trade_time` DATETIME(3) NOT NULL",
            "UNIQUE KEY(`symbol`, `trade_id`)",
            "DISTRIBUTED BY HASH(`symbol`, `trade_id`) BUCKETS 4",
            "\"replication_num\" = \"1\"");
  }

  private static final List<Column> DWS_SYMBOL_MINUTE =
      List.of(
          new Column("window_start", "TIMESTAMP(3) NOT NULL"),
          new Column("window_end", "TIMESTAMP(3) NOT NULL"),
          new Column("symbol", "VARCHAR(2147483647) NOT NULL"),
          new Column("volume", "BIGINT"));

  static SinkTranslator.SinkContext dwsContext() {
    SinkTranslator.SinkContext c =
        context(DWS_SYMBOL_MINUTE, List.of("window_start", "window_end", "symbol"), Map.of());
    return new SinkTranslator.SinkContext(
        new TableRef(Layer.DWS, "symbol_minute"),
        c.columns(),
        c.keyColumns(),
        c.sink(),
        c.connection(),
        c.settings(),
        "sink__dws__symbol_minute__0");
  }

  @Test
  void dwsTablesArePartitionedByDayAndFencedByAVersionSequenceColumn() {
    String ddl = DorisTableDdl.createTable(dwsContext(), "sales", "dws_symbol_minute", 1, 1);
    assertThat(ddl)
        .contains(
            "  `volume` BIGINT NULL,\n  `_version` BIGINT NOT NULL COMMENT",
            "UNIQUE KEY(`window_start`, `window_end`, `symbol`)\nCOMMENT 'Strata dws.symbol_minute of pipeline trading'\n"
                + "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) ()\nDISTRIBUTED BY HASH(",
            "\"function_column.sequence_col\" = \"_version\"");
    String dwd =
        DorisTableDdl.createTable(
            context(DWD_TRADES, List.of("trade_id"), Map.of()), "sales", "dwd_trades", 1, 1);
    assertThat(dwd).doesNotContain("PARTITION", "_version", "sequence_col");
    assertThat(DorisLayerTables.dayPartition(java.time.LocalDate.parse("2026-11-23")))
        .isEqualTo("p20261123000000");
  }

  @Test
  void realtimeDwsRowsCarryTheirWindowEndInEpochMillisAsVersion() throws Exception {
    SinkTranslator.SinkContext ctx = dwsContext();
    DorisSinkTranslator translator = new DorisSinkTranslator();
    assertThat(translator.createTableDdl(ctx)).contains("`_version` BIGINT NOT NULL");
    assertThat(translator.selectList(context(DWD_TRADES, List.of("trade_id"), Map.of())))
        .isEqualTo("*");
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(
            StreamExecutionEnvironment.getExecutionEnvironment(),
            EnvironmentSettings.inBatchMode());
    for (String zone : List.of("UTC", "Asia/Shanghai")) {
      tEnv.getConfig().setLocalTimeZone(java.time.ZoneId.of(zone));
      // Window bounds are wall-clock times in the session (pipeline) time zone.
      try (var it =
          tEnv.executeSql(
                  "SELECT "
                      + translator.selectList(ctx)
                      + " FROM (VALUES (TIMESTAMP '2026-11-23 10:00:00.000',"
                      + " TIMESTAMP '2026-11-23 10:01:00.250', 'A', CAST(5 AS BIGINT))) AS t(window_start, window_end, symbol, volume)")
              .collect()) {
        long expected =
            java.time.LocalDateTime.parse("2026-11-23T10:01:00.250")
                .atZone(java.time.ZoneId.of(zone))
                .toInstant()
                .toEpochMilli();
        assertThat(it.next().getField(4)).as(zone).isEqualTo(expected);
      }
    }
  }

  @Test
  void refusesATableWithoutAKey() {
    assertThatThrownBy(
            () ->
                DorisTableDdl.createTable(
                    context(DWD_TRADES, List.of(), Map.of()), "sales", "dwd_trades", 1, 1))
        .hasMessageContaining("deduplicate { key = [...] }");
  }

  @Test
  void reportsAnExistingTableThatDoesNotMatch() {
    DorisFrontendClient.TableSchema schema =
        new DorisFrontendClient.TableSchema(
            "DUP_KEYS",
            List.of(
                new DorisFrontendClient.Field("trade_id", "VARCHAR", true),
                new DorisFrontendClient.Field("symbol", "VARCHAR", false),
                new DorisFrontendClient.Field("extra", "INT", false)));
    assertThatThrownBy(
            () ->
                DorisSinkTranslator.check(
                    context(DWD_TRADES, List.of("trade_id"), Map.of()),
                    "sales",
                    "dwd_trades",
                    schema))
        .hasMessageContaining("DUP_KEYS table")
        .hasMessageContaining("lacks the columns price, quantity, trade_time")
        .hasMessageContaining("columns the layer does not write: extra");
  }

  @Test
  void aDwsTableOfAnEarlierStrataGetsTheStatementsThatMigrateIt() {
    SinkTranslator.SinkContext ctx = dwsContext();
    List<DorisFrontendClient.Field> fields =
        ctx.columns().stream()
            .map(
                c ->
                    new DorisFrontendClient.Field(
                        c.name(), "X", ctx.keyColumns().contains(c.name())))
            .toList();
    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                DorisSinkTranslator.check(
                    ctx,
                    "sales",
                    "dws_symbol_minute",
                    new DorisFrontendClient.TableSchema("UNIQUE_KEYS", fields)));
    String m = e.getMessage();
    assertThat(m)
        .doesNotContain("\n")
        .contains(
            "sales.dws_symbol_minute was created by an earlier Strata: it lacks the column _version",
            "ADD COLUMN _version BIGINT is not enough",
            "CREATE TABLE IF NOT EXISTS `sales`.`dws_symbol_minute_strata_new` ( `window_start` DATETIME(3) NOT NULL,",
            "AUTO PARTITION BY RANGE (date_trunc(`window_start`, 'day')) ()",
            "\"function_column.sequence_col\" = \"_version\"",
            "; INSERT INTO `sales`.`dws_symbol_minute_strata_new` (`window_start`, `window_end`, `symbol`,",
            ", `_version`) SELECT `window_start`, `window_end`, `symbol`,",
            ", 0 FROM `sales`.`dws_symbol_minute`; ALTER TABLE `sales`.`dws_symbol_minute` REPLACE WITH TABLE `dws_symbol_minute_strata_new`"
                + " PROPERTIES (\"swap\" = \"false\").",
            "DROP TABLE `sales`.`dws_symbol_minute`");
    // The same table with another problem as well gets the plain list of differences.
    List<DorisFrontendClient.Field> withExtra = new java.util.ArrayList<>(fields);
    withExtra.add(new DorisFrontendClient.Field("extra", "INT", false));
    assertThatThrownBy(
            () ->
                DorisSinkTranslator.check(
                    ctx,
                    "sales",
                    "dws_symbol_minute",
                    new DorisFrontendClient.TableSchema("UNIQUE_KEYS", withExtra)))
        .hasMessageContaining("lacks the columns _version")
        .hasMessageContaining("does not write: extra");
  }

  @Test
  void theConnectorsBundledSlf4jDoesNotShadowSlf4j2() throws Exception {
    // flink-doris-connector bundles slf4j-api 1.7 classes; slf4j-api 2 must come first
    // (connectors/pom.xml).
    Class<?> factory = Class.forName("org.slf4j.LoggerFactory");
    String from = factory.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(from).contains("slf4j-api-2.");
  }
}
