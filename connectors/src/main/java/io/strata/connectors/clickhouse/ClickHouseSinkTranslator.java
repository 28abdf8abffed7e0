package io.strata.connectors.clickhouse;

import io.strata.connectors.SqlLiterals;
import io.strata.layers.plugin.SinkTranslator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A clickhouse sink of a layer table: the {@code strata-clickhouse} sink table DDL for the job, and
 * the creation/check of the ClickHouse table before the job starts.
 */
final class ClickHouseSinkTranslator implements SinkTranslator {

  @Override
  public String createTableDdl(SinkContext ctx) {
    ClickHouseTableSpec spec = ClickHouseTableSpec.of(ctx);
    Map<String, String> with = new LinkedHashMap<>();
    with.put("connector", ClickHouseDynamicSinkFactory.IDENTIFIER);
    with.put("url", ctx.connection().option(ClickHouseConnector.URL.key()));
    with.put("database", spec.database());
    with.put("table", spec.table());
    with.put(
        "username",
        orDefault(ctx.connection().option(ClickHouseConnector.USERNAME.key()), "default"));
    String password = ctx.connection().option(ClickHouseConnector.PASSWORD.key());
    if (password != null) {
      with.put("password", password);
    }
    with.put("pipeline", ctx.settings().name());
    with.put("layer-table", ctx.table().toString());
    with.put("sink-index", String.valueOf(ctx.sink().index()));
    with.put("time-zone", ctx.settings().timeZone());
    if (spec.versionSource() != null) {
      with.put("version-column", spec.versionSource());
    }
    with.put(
        "batch.size", orDefault(ctx.sink().option(ClickHouseConnector.BATCH_SIZE.key()), "100000"));
    with.put(
        "batch.interval",
        millis(ctx.sink().option(ClickHouseConnector.BATCH_INTERVAL.key()), Duration.ofSeconds(1)));
    with.put(
        "retry.timeout",
        millis(ctx.sink().option(ClickHouseConnector.RETRY_TIMEOUT.key()), Duration.ofMinutes(10)));
    with.put(
        "retry.max-backoff",
        millis(
            ctx.sink().option(ClickHouseConnector.RETRY_MAX_BACKOFF.key()), Duration.ofSeconds(5)));
    String topic = ctx.sink().option(ClickHouseConnector.DEAD_LETTER_TOPIC.key());
    if (topic != null) {
      with.put("dead-letter.topic", topic);
      with.put(
          "dead-letter.bootstrap-servers",
          ctx.sink().option(ClickHouseConnector.DEAD_LETTER_BOOTSTRAP.key()));
    }
    return SqlLiterals.createTable(ctx.sinkTableName(), ctx.columns(), with);
  }

  /** The writer counts rows once ClickHouse accepted their batch, and rows it refused. */
  @Override
  public boolean countsWrites() {
    return true;
  }

  @Override
  public void prepare(SinkContext ctx) throws Exception {
    ClickHouseTableSpec spec = ClickHouseTableSpec.of(ctx);
    ClickHouseHttp http =
        new ClickHouseHttp(
            ctx.connection().option(ClickHouseConnector.URL.key()),
            orDefault(ctx.connection().option(ClickHouseConnector.USERNAME.key()), "default"),
            ctx.connection().option(ClickHouseConnector.PASSWORD.key()),
            Duration.ofSeconds(30));
    try {
      ClickHouseTables.ensure(http, spec);
    } catch (ClickHouseHttp.ClickHouseException e) {
      throw new IllegalStateException(
          "cannot prepare ClickHouse table "
              + spec.database()
              + "."
              + spec.table()
              + " for "
              + ctx.table()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Section turns durations into "<n>ms"; Flink's duration options read "<n> ms". */
  private static String millis(String value, Duration fallback) {
    long ms = value == null ? fallback.toMillis() : Long.parseLong(value.replace("ms", "").trim());
    return ms + " ms";
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
