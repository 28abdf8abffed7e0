package io.strata.connectors.doris;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import java.util.List;

/** Apache Doris through Stream Load (Unique Key tables) */
public final class DorisConnector implements ConnectorPlugin {
  static final Option<String> FE_NODES = Option.string("fe-nodes").required().description("frontend HTTP host:port list");
  static final Option<String> JDBC_URL = Option.string("jdbc-url").description("MySQL-protocol URL of the frontend");
  static final Option<String> DATABASE = Option.identifier("database").required().description("database of the tables");
  static final Option<String> USERNAME = Option.string("username").defaultValue("root").description("user");
  static final Option<String> PASSWORD = Option.string("password").secret().description("password; use ${?ENV_VAR}");

  @Override
  public String type() {
    return "doris";
  }

  @Override
  public String description() {
    return "Apache Doris through Stream Load (Unique Key tables)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(FE_NODES, JDBC_URL, DATABASE, USERNAME, PASSWORD);
  }

  @Override
  public String sinkUnavailableReason() {
    return "the Doris sink is not available in this version yet (it arrives with the ClickHouse and Doris sinks)";
  }
}
