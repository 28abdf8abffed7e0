package io.strata.connectors.clickhouse;

import io.strata.layers.config.Option;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.SinkTranslator;
import java.time.Duration;
import java.util.List;

/** ClickHouse over HTTP (DWD detail and DWS measures for dashboards) */
public final class ClickHouseConnector implements ConnectorPlugin {
  static final Option<String> URL =
      Option.string("url").required().description("HTTP endpoint, e.g. http://127.0.0.1:8123");
  static final Option<String> DATABASE =
      Option.identifier("database")
          .defaultValue("default")
          .description("database of the tables (created when missing)");
  static final Option<String> USERNAME =
      Option.string("username").defaultValue("default").description("user");
  static final Option<String> PASSWORD =
      Option.string("password").secret().description("password; use ${?ENV_VAR}");

  static final Option<String> TABLE =
      Option.identifier("table")
          .description("ClickHouse table; default <layer>_<table>, e.g. dwd_trades");
  static final Option<String> KEY =
      Option.string("key")
          .description(
              "columns that identify a row, comma-separated (ORDER BY of the ReplacingMergeTree); default: the deduplicate key (DWD), group-by + window (DWS)");
  static final Option<String> TIME_COLUMN =
      Option.string("time-column")
          .description(
              "DATE/TIMESTAMP column for the day partition and the row version; default: window_start (DWS), the only timestamp column (DWD)");
  static final Option<Integer> BATCH_SIZE =
      Option.integer("batch-size")
          .defaultValue(100_000)
          .description("rows per INSERT (at most 1000000)");
  static final Option<Duration> BATCH_INTERVAL =
      Option.duration("batch-interval")
          .defaultValue(Duration.ofSeconds(1))
          .description("longest time a row waits for its batch to fill");
  static final Option<Duration> RETRY_TIMEOUT =
      Option.duration("retry-timeout")
          .defaultValue(Duration.ofMinutes(10))
          .description(
              "how long a batch is retried (the job waits) before the job fails and restarts from its last checkpoint");
  static final Option<Duration> RETRY_MAX_BACKOFF =
      Option.duration("retry-max-backoff")
          .defaultValue(Duration.ofSeconds(5))
          .description("longest wait between retries (backoff starts at 200 ms and doubles)");
  static final Option<String> DEAD_LETTER_TOPIC =
      Option.topic("dead-letter-topic")
          .description(
              "Kafka topic for rows the table cannot hold (JSON with the reason); without it they are logged, counted and dropped");
  static final Option<String> DEAD_LETTER_BOOTSTRAP =
      Option.string("dead-letter-bootstrap-servers")
          .description("Kafka of dead-letter-topic, e.g. ${connections.kafka.bootstrap-servers}");

  @Override
  public String type() {
    return "clickhouse";
  }

  @Override
  public String description() {
    return "ClickHouse over HTTP (DWD detail and DWS measures for dashboards)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(URL, DATABASE, USERNAME, PASSWORD);
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(
        TABLE,
        KEY,
        TIME_COLUMN,
        BATCH_SIZE,
        BATCH_INTERVAL,
        RETRY_TIMEOUT,
        RETRY_MAX_BACKOFF,
        DEAD_LETTER_TOPIC,
        DEAD_LETTER_BOOTSTRAP);
  }

  @Override
  public String sinkUnavailableReason() {
    return null;
  }

  @Override
  public void validateSink(SinkDef sink, ConnectionDef connection, Problems problems) {
    boolean topic = sink.option(DEAD_LETTER_TOPIC.key()) != null;
    boolean bootstrap = sink.option(DEAD_LETTER_BOOTSTRAP.key()) != null;
    if (topic != bootstrap) {
      problems.add(
          sink.origin(),
          "clickhouse sink: dead-letter-topic and dead-letter-bootstrap-servers go together",
          "set both, e.g. dead-letter-topic = \"trading.clickhouse.dlq\", dead-letter-bootstrap-servers = ${connections.kafka.bootstrap-servers}");
    }
    String size = sink.option(BATCH_SIZE.key());
    if (size != null && (Integer.parseInt(size) < 1 || Integer.parseInt(size) > 1_000_000)) {
      problems.add(
          sink.origin(),
          "clickhouse sink: batch-size must be within 1..1000000, got " + size,
          "larger inserts are split by ClickHouse into several blocks and stop being atomic");
    }
  }

  @Override
  public SinkTranslator sinkTranslator() {
    return new ClickHouseSinkTranslator();
  }
}
