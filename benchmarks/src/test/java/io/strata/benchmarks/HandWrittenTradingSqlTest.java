package io.strata.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.demo.GeneratedTrade;
import io.strata.demo.TradeAvro;
import io.strata.ods.decode.AvroRecordDecoder;
import io.strata.ods.decode.JsonRecordDecoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.formats.avro.AvroFormatOptions;
import org.apache.flink.formats.avro.AvroRowDataDeserializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The baseline's SQL is valid and plans as intended; its formats read the benchmark's bytes. No
 * Kafka.
 */
class HandWrittenTradingSqlTest {

  private static final GeneratedTrade TRADE =
      new GeneratedTrade(
          "T42-00000001",
          "ACC-0007",
          "AAPL",
          "SELL",
          new BigDecimal("187.1234"),
          300,
          Instant.parse("2026-11-23T09:30:01.250Z"));

  private static StreamTableEnvironment plan(
      TradingBenchmark.Format format,
      HandWrittenTradingSql.Watermarks wm,
      StringBuilder explained) {
    return plan(format, wm, true, explained);
  }

  private static StreamTableEnvironment plan(
      TradingBenchmark.Format format,
      HandWrittenTradingSql.Watermarks wm,
      boolean shared,
      StringBuilder explained) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    StreamTableEnvironment tEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    HandWrittenTradingSql.configure(tEnv.getConfig(), shared);
    HandWrittenTradingSql.Statements sql =
        HandWrittenTradingSql.statements("bench.topic", "127.0.0.1:1", "g", format, wm);
    sql.ddl().forEach(tEnv::executeSql);
    StreamStatementSet set = tEnv.createStatementSet();
    sql.inserts().forEach(set::addInsertSql);
    explained.append(set.explain());
    return tEnv;
  }

  @ParameterizedTest
  @CsvSource({
    "AVRO, PERIODIC, true",
    "AVRO, ON_EVENT, true",
    "JSON, PERIODIC, true",
    "JSON, ON_EVENT, true",
    "AVRO, PERIODIC, false"
  })
  void statementsParseAndPlanAsDedupThenTwoWindowAggregates(
      TradingBenchmark.Format format, HandWrittenTradingSql.Watermarks wm, boolean shared) {
    StringBuilder plan = new StringBuilder();
    plan(format, wm, shared, plan);
    String execution = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
    // keep-first-row on processing time: an append-only deduplication that keeps trade_time a
    // rowtime attribute, so the window table functions run as window aggregates (not as a
    // regular, updating GROUP BY).
    assertThat(execution)
        .contains("Deduplicate(keep=[FirstRow], key=[trade_id], order=[PROCTIME])");
    assertThat(count(execution, "LocalWindowAggregate(")).isEqualTo(2);
    assertThat(count(execution, "GlobalWindowAggregate(")).isEqualTo(2);
    assertThat(execution).doesNotContain("GroupAggregate(");
    assertThat(count(execution, "TableSourceScan(")).isEqualTo(1);
    assertThat(count(execution, "Deduplicate(")).isEqualTo(shared ? 1 : 3);
    assertThat(execution)
        .contains(
            "watermark=[-(trade_time, 5000:INTERVAL SECOND)], watermarkEmitStrategy=["
                + wm.option
                + "]");
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  @ParameterizedTest
  @EnumSource(TradingBenchmark.Format.class)
  void flinkFormatAndStrataDecoderReadTheSameTradeFromTheBenchmarkBytes(
      TradingBenchmark.Format format) throws Exception {
    StringBuilder ignored = new StringBuilder();
    StreamTableEnvironment tEnv = plan(format, HandWrittenTradingSql.Watermarks.PERIODIC, ignored);
    RowType sqlColumns =
        (RowType) tEnv.from("trades").getResolvedSchema().toPhysicalRowDataType().getLogicalType();
    TradeAvro avro = TradeAvro.fromClasspath();
    byte[] bytes =
        format == TradingBenchmark.Format.AVRO ? avro.encode(TRADE) : BenchTopic.json(TRADE);

    RowData flink;
    if (format == TradingBenchmark.Format.AVRO) {
      AvroRowDataDeserializationSchema schema =
          new AvroRowDataDeserializationSchema(
              sqlColumns,
              InternalTypeInfo.of(sqlColumns),
              AvroFormatOptions.AvroEncoding.BINARY,
              false);
      schema.open(null);
      flink = schema.deserialize(bytes);
    } else {
      JsonRowDataDeserializationSchema schema =
          new JsonRowDataDeserializationSchema(
              sqlColumns, InternalTypeInfo.of(sqlColumns), false, true, TimestampFormat.ISO_8601);
      schema.open(null);
      flink = schema.deserialize(bytes);
    }
    assertThat(flink.getString(0).toString()).isEqualTo(TRADE.tradeId());
    assertThat(flink.getString(1).toString()).isEqualTo(TRADE.accountId());
    assertThat(flink.getString(2).toString()).isEqualTo(TRADE.symbol());
    assertThat(flink.getString(3).toString()).isEqualTo(TRADE.side());
    assertThat(flink.getDecimal(4, 18, 4))
        .isEqualTo(DecimalData.fromBigDecimal(TRADE.price(), 18, 4));
    assertThat(flink.getLong(5)).isEqualTo(TRADE.quantity());
    assertThat(flink.getTimestamp(6, 3).toInstant()).isEqualTo(TRADE.tradeTime());

    RowType odsColumns =
        (RowType)
            DataTypes.ROW(
                    DataTypes.FIELD("trade_id", DataTypes.STRING().notNull()),
                    DataTypes.FIELD("account_id", DataTypes.STRING().notNull()),
                    DataTypes.FIELD("symbol", DataTypes.STRING().notNull()),
                    DataTypes.FIELD("side", DataTypes.STRING()),
                    DataTypes.FIELD("price", DataTypes.DECIMAL(18, 4)),
                    DataTypes.FIELD("quantity", DataTypes.BIGINT()),
                    DataTypes.FIELD("trade_time", DataTypes.TIMESTAMP_LTZ(3).notNull()))
                .getLogicalType();
    Row strata =
        format == TradingBenchmark.Format.AVRO
            ? new AvroRecordDecoder(avro.schema().toString(), odsColumns).decode(bytes)
            : new JsonRecordDecoder(odsColumns).decode(bytes);
    assertThat(strata)
        .isEqualTo(
            Row.of(
                TRADE.tradeId(),
                TRADE.accountId(),
                TRADE.symbol(),
                TRADE.side(),
                TRADE.price(),
                TRADE.quantity(),
                TRADE.tradeTime()));
  }

  @org.junit.jupiter.api.Test
  void unreadableJsonIsSkippedByTheBaselineFormat() throws Exception {
    StringBuilder ignored = new StringBuilder();
    StreamTableEnvironment tEnv =
        plan(TradingBenchmark.Format.JSON, HandWrittenTradingSql.Watermarks.PERIODIC, ignored);
    RowType sqlColumns =
        (RowType) tEnv.from("trades").getResolvedSchema().toPhysicalRowDataType().getLogicalType();
    JsonRowDataDeserializationSchema schema =
        new JsonRowDataDeserializationSchema(
            sqlColumns, InternalTypeInfo.of(sqlColumns), false, true, TimestampFormat.ISO_8601);
    schema.open(null);
    byte[] json = BenchTopic.json(TRADE);
    assertThat(schema.deserialize(java.util.Arrays.copyOf(json, json.length - 1))).isNull();
    assertThat(schema.deserialize("symbol=AAPL qty=5".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
