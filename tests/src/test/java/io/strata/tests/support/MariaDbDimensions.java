package io.strata.tests.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The MariaDB server that JDBC dimension tests use, as started by {@code bin/services start
 * mariadb} (user strata, password in the service's password file): a JDBC URL for a database of the
 * test's own, and a connection to check what a load wrote.
 */
public final class MariaDbDimensions {
  private static String endpoint;

  private MariaDbDimensions() {}

  private static synchronized String endpoint() {
    if (endpoint == null) {
      endpoint = ServiceScript.endpoint("mariadb");
    }
    return endpoint;
  }

  public static String user() {
    return "strata";
  }

  public static String password() {
    String env = System.getenv("STRATA_MARIADB_PASSWORD");
    if (env != null && !env.isBlank()) {
      return env;
    }
    endpoint();
    Path file = ServiceScript.stateDir("mariadb").resolve("password");
    return ServiceScript.read(file)
        .orElseThrow(() -> new IllegalStateException("no MariaDB password in " + file));
  }

  /** jdbc:mariadb://host:port/database (the database is created by the first load). */
  public static String url(String database) {
    return "jdbc:mariadb://" + endpoint() + "/" + database;
  }

  public static Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("password", password());
    return new org.mariadb.jdbc.Driver().connect(url(database), p);
  }

  public static void dropDatabase(String database) {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("password", password());
    try (Connection c =
            new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + endpoint() + "/", p);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + database.replace("`", "") + "`");
    } catch (SQLException e) {
      // best effort: a leftover test database does not affect other runs (names are unique)
    }
  }

  /** A port on 127.0.0.1 where nothing listens: a store that is down. */
  public static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
