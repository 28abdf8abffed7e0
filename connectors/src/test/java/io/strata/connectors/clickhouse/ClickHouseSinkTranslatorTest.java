package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.Origin;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plugin.SinkTranslator.Column;
import io.strata.layers.plugin.SinkTranslator.SinkContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClickHouseSinkTranslatorTest {

  @Test
  void sinkTableDdlUsesTheStrataClickHouseConnectorWithEveryRuntimeOption() {
    SinkContext ctx =
        new SinkContext(
            new TableRef(Layer.DWD, "trades"),
            List.of(
                new Column("trade_id", "VARCHAR(2147483647) NOT NULL"),
                new Column("trade_time", "TIMESTAMP_LTZ(3) NOT NULL")),
            List.of("trade_id"),
            new SinkDef(
                "clickhouse",
                "ch",
                Map.of(
                    "batch-size",
                    "500",
                    "batch-interval",
                    "200ms",
                    "dead-letter-topic",
                    "trading.clickhouse.dlq",
                    "dead-letter-bootstrap-servers",
                    "127.0.0.1:19092"),
                1,
                Origin.UNKNOWN),
            new ConnectionDef(
                "ch",
                "clickhouse",
                Map.of("url", "http://127.0.0.1:18123", "database", "trading"),
                Set.of("password"),
                Origin.UNKNOWN),
            new PipelineSettings(
                "trading", "UTC", 1, Duration.ofSeconds(10), "exactly-once", Origin.UNKNOWN),
            "sink__dwd__trades__1");

    assertThat(new ClickHouseSinkTranslator().createTableDdl(ctx))
        .isEqualTo(
            """
        CREATE TEMPORARY TABLE `sink__dwd__trades__1` (
          `trade_id` VARCHAR(2147483647) NOT NULL,
          `trade_time` TIMESTAMP_LTZ(3) NOT NULL
        ) WITH (
          'connector' = 'strata-clickhouse',
          'url' = 'http://127.0.0.1:18123',
          'database' = 'trading',
          'table' = 'dwd_trades',
          'username' = 'default',
          'pipeline' = 'trading',
          'layer-table' = 'dwd.trades',
          'sink-index' = '1',
          'time-zone' = 'UTC',
          'version-column' = 'trade_time',
          'batch.size' = '500',
          'batch.interval' = '200 ms',
          'retry.timeout' = '600000 ms',
          'retry.max-backoff' = '5000 ms',
          'dead-letter.topic' = 'trading.clickhouse.dlq',
          'dead-letter.bootstrap-servers' = '127.0.0.1:19092'
        )""");
  }
}
