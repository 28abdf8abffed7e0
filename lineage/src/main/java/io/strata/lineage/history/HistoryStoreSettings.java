package io.strata.lineage.history;

import io.strata.layers.config.ConfigSchema;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.PipelineDef;
import java.time.Duration;
import java.util.Map;

/**
 * Where the lineage service keeps its history beyond memory: a ClickHouse table reached over HTTP
 * ({@code lineage.history { connection, database, table, retention, every }}).
 *
 * @param url ClickHouse HTTP URL of the connection
 * @param username user of the connection ({@code default} when not set)
 * @param password password of the connection (from the environment through the config), or null
 * @param database database of the history table
 * @param table the history table
 * @param retention samples older than this are dropped
 * @param every how often a sample is written
 */
public record HistoryStoreSettings(
    String url,
    String username,
    String password,
    String database,
    String table,
    Duration retention,
    Duration every) {

  /** Reads the validated {@code lineage.history} block of a pipeline; its connection must exist. */
  public static HistoryStoreSettings of(PipelineDef pipeline, Map<String, Object> history) {
    String name = (String) history.get(ConfigSchema.HISTORY_CONNECTION.key());
    ConnectionDef c = name == null ? null : pipeline.connections().get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "lineage.history.connection '"
              + name
              + "' is not a connection of pipeline "
              + pipeline.settings().name());
    }
    String user = c.option("username");
    return new HistoryStoreSettings(
        c.option("url"),
        user == null || user.isBlank() ? "default" : user,
        c.option("password"),
        (String)
            history.getOrDefault(
                ConfigSchema.HISTORY_DATABASE.key(), ConfigSchema.HISTORY_DATABASE.defaultValue()),
        (String)
            history.getOrDefault(
                ConfigSchema.HISTORY_TABLE.key(), ConfigSchema.HISTORY_TABLE.defaultValue()),
        (Duration)
            history.getOrDefault(
                ConfigSchema.HISTORY_RETENTION.key(),
                ConfigSchema.HISTORY_RETENTION.defaultValue()),
        (Duration)
            history.getOrDefault(
                ConfigSchema.HISTORY_EVERY.key(), ConfigSchema.HISTORY_EVERY.defaultValue()));
  }

  /** Same store, another database (tests use their own). */
  public HistoryStoreSettings withDatabase(String db) {
    return new HistoryStoreSettings(url, username, password, db, table, retention, every);
  }

  public HistoryStoreSettings withEvery(Duration d) {
    return new HistoryStoreSettings(url, username, password, database, table, retention, d);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "ClickHouse "
        + url
        + " "
        + database
        + "."
        + table
        + " (retention "
        + retention
        + ", every "
        + every
        + ")";
  }
}
