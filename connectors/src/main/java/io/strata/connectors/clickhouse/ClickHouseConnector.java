package io.strata.connectors.clickhouse;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import java.util.List;

/** ClickHouse over HTTP (DWD detail and DWS measures for dashboards) */
public final class ClickHouseConnector implements ConnectorPlugin {
  static final Option<String> URL = Option.string("url").required().description("HTTP endpoint, e.g. http://127.0.0.1:8123");
  static final Option<String> DATABASE = Option.identifier("database").defaultValue("default").description("database of the tables");
  static final Option<String> USERNAME = Option.string("username").defaultValue("default").description("user");
  static final Option<String> PASSWORD = Option.string("password").secret().description("password; use ${?ENV_VAR}");

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
  public String sinkUnavailableReason() {
    return "the ClickHouse sink is not available in this version yet (it arrives with the ClickHouse and Doris sinks)";
  }
}
