package io.strata.dimensions.jdbc;

import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import java.util.List;

/** A JDBC database (MySQL, MariaDB) as a dimension store. */
public final class JdbcStore implements ConnectorPlugin {
  static final Option<String> URL = Option.string("url").required().description("jdbc:mysql://host:port/db or jdbc:mariadb://...");
  static final Option<String> USERNAME = Option.string("username").description("user");
  static final Option<String> PASSWORD = Option.string("password").secret().description("password; use ${?ENV_VAR}");

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "MySQL / MariaDB over JDBC (dimension tables)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of(URL, USERNAME, PASSWORD);
  }

  @Override
  public String dimensionStoreUnavailableReason() {
    return null;
  }
}
