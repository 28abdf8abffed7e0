package io.strata.connectors.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Everything a ClickHouse sink writer needs, from the sink table's options and schema.
 *
 * @param layerTable the layer table written, e.g. {@code dwd.trades} (for metrics and dead letters)
 * @param versionSource the column whose time is the row version, null for none (version 0)
 * @param deadLetterTopic Kafka topic for rows the table cannot hold; null to log and count them
 *     only
 */
public record ClickHouseSinkSettings(
    String url,
    String username,
    String password,
    String database,
    String table,
    String pipeline,
    String layerTable,
    int sinkIndex,
    List<String> columnNames,
    List<LogicalType> columnTypes,
    int batchSize,
    Duration batchInterval,
    int maxInFlightBatches,
    ClickHouseRetryPolicy retry,
    Duration requestTimeout,
    String timeZone,
    String versionSource,
    String deadLetterTopic,
    String deadLetterBootstrapServers)
    implements Serializable {

  public String qualifiedTable() {
    return ClickHouseSql.name(database) + "." + ClickHouseSql.name(table);
  }

  /** Metric names: {@code sink<index>_written}, {@code sink<index>_rejected}, ... */
  public String metricName(String what) {
    return "sink" + sinkIndex + "_" + what;
  }

  ClickHouseHttp http() {
    return new ClickHouseHttp(url, username, password, requestTimeout);
  }
}
