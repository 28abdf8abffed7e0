package io.strata.dimensions.jdbc;

import org.apache.flink.connector.jdbc.mysql.database.MySqlFactory;

/**
 * Lets Flink's JDBC connector accept {@code jdbc:mariadb:} URLs: MariaDB speaks the MySQL dialect
 * (quoting, upserts, types), only the URL scheme and driver differ. The connector ships no such
 * factory.
 */
public final class MariaDbDialectFactory extends MySqlFactory {
  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith("jdbc:mariadb:");
  }
}
