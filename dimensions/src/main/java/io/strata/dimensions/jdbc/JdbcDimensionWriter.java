package io.strata.dimensions.jdbc;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionWriter;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.DimensionDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Upserts dimension rows into a MySQL/MariaDB table ({@code INSERT ... ON DUPLICATE KEY UPDATE}),
 * creating the database and table if missing. A versioned dimension keeps one row per (key,
 * valid-from) and a view {@code <table>__current} with each key's newest version valid now, which
 * the streaming lookup reads.
 */
final class JdbcDimensionWriter implements DimensionWriter {
  private static final int UNKNOWN_DATABASE = 1049;
  private static final int BATCH = 500;

  private final DimensionDef dimension;
  private final Connection connection;
  private final PreparedStatement upsert;
  private final List<ColumnDef> columns;
  private int pending;

  JdbcDimensionWriter(DimensionDef d, String url, String user, String password)
      throws SQLException {
    this.dimension = d;
    this.columns = d.columns();
    this.connection = connect(url, user, password);
    String validFrom = DimensionLookupOptions.validFrom(d);
    try (Statement st = connection.createStatement()) {
      st.execute(createTable(d));
      if (validFrom != null) {
        st.execute(createCurrentView(d, validFrom));
      }
    }
    String names = columns.stream().map(c -> q(c.name())).collect(Collectors.joining(", "));
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String updates =
        columns.stream()
            .map(c -> q(c.name()) + " = VALUES(" + q(c.name()) + ")")
            .collect(Collectors.joining(", "));
    this.upsert =
        connection.prepareStatement(
            "INSERT INTO "
                + qTable(d.table())
                + " ("
                + names
                + ") VALUES ("
                + marks
                + ") ON DUPLICATE KEY UPDATE "
                + updates);
    connection.setAutoCommit(false);
  }

  /** Connects; when the URL's database does not exist yet, creates it first. */
  static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    try {
      return new org.mariadb.jdbc.Driver().connect(url, props);
    } catch (SQLException e) {
      String database = databaseOf(url);
      if (e.getErrorCode() != UNKNOWN_DATABASE || database == null) {
        throw e;
      }
      try (Connection server =
              new org.mariadb.jdbc.Driver()
                  .connect(
                      url.replaceFirst(
                          "(//[^/]+/)" + java.util.regex.Pattern.quote(database), "$1"),
                      props);
          Statement st = server.createStatement()) {
        st.execute("CREATE DATABASE IF NOT EXISTS " + q(database));
      }
      return new org.mariadb.jdbc.Driver().connect(url, props);
    }
  }

  static String databaseOf(String url) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^jdbc:[a-z]+://[^/]+/([^?/]+)").matcher(url);
    return m.find() ? m.group(1) : null;
  }

  static String q(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  static String qTable(String table) {
    return java.util.Arrays.stream(table.split("\\."))
        .map(JdbcDimensionWriter::q)
        .collect(Collectors.joining("."));
  }

  static String createTable(DimensionDef d) {
    String validFrom = DimensionLookupOptions.validFrom(d);
    List<String> defs = new ArrayList<>();
    for (ColumnDef c : d.columns()) {
      boolean key = c.name().equals(d.key()) || c.name().equals(validFrom);
      defs.add(q(c.name()) + " " + sqlType(c, key) + (key ? " NOT NULL" : " NULL"));
    }
    defs.add("PRIMARY KEY (" + q(d.key()) + (validFrom == null ? "" : ", " + q(validFrom)) + ")");
    return "CREATE TABLE IF NOT EXISTS " + qTable(d.table()) + " (" + String.join(", ", defs) + ")";
  }

  static String createCurrentView(DimensionDef d, String validFrom) {
    String t = qTable(d.table());
    String k = q(d.key());
    String v = q(validFrom);
    return "CREATE OR REPLACE VIEW "
        + qTable(JdbcStore.currentView(d))
        + " AS SELECT t.* FROM "
        + t
        + " t WHERE t."
        + v
        + " = (SELECT MAX(h."
        + v
        + ") FROM "
        + t
        + " h WHERE h."
        + k
        + " = t."
        + k
        + " AND h."
        + v
        + " <= CURRENT_TIMESTAMP)";
  }

  /**
   * A view of each key's newest version whose valid-from is before {@code end} (a date literal,
   * compared as a wall-clock date/time): the versions in force at the end of the day before it.
   */
  static String createAsOfView(
      DimensionDef d, String validFrom, String view, java.time.LocalDate end) {
    String t = qTable(d.table());
    String k = q(d.key());
    String v = q(validFrom);
    return "CREATE OR REPLACE VIEW "
        + qTable(view)
        + " AS SELECT t.* FROM "
        + t
        + " t WHERE t."
        + v
        + " = (SELECT MAX(h."
        + v
        + ") FROM "
        + t
        + " h WHERE h."
        + k
        + " = t."
        + k
        + " AND h."
        + v
        + " < '"
        + end
        + "')";
  }

  /** The MySQL type of a declared Flink column (keys need a bounded VARCHAR to be indexed). */
  static String sqlType(ColumnDef c, boolean key) {
    LogicalType t = LogicalTypeParser.parse(c.type(), JdbcDimensionWriter.class.getClassLoader());
    return switch (t.getTypeRoot()) {
      case CHAR, VARCHAR -> key ? "VARCHAR(191)" : "TEXT";
      case BOOLEAN -> "BOOLEAN";
      case TINYINT -> "TINYINT";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INT";
      case BIGINT -> "BIGINT";
      case FLOAT -> "FLOAT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL ->
          "DECIMAL(" + ((DecimalType) t).getPrecision() + ", " + ((DecimalType) t).getScale() + ")";
      case DATE -> "DATE";
      case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "DATETIME(3)";
      default ->
          throw new IllegalArgumentException(
              "column '"
                  + c.name()
                  + "' of type "
                  + c.type()
                  + " cannot be stored in a JDBC dimension table");
    };
  }

  @Override
  public void write(Map<String, Object> row) throws SQLException {
    if (row.get(dimension.key()) == null) {
      throw new IllegalArgumentException(
          "a row has no value for the key column '" + dimension.key() + "'");
    }
    for (int i = 0; i < columns.size(); i++) {
      Object v = row.get(columns.get(i).name());
      if (v instanceof java.time.Instant instant) {
        v = java.sql.Timestamp.from(instant);
      }
      upsert.setObject(i + 1, v);
    }
    upsert.addBatch();
    if (++pending >= BATCH) {
      flush();
    }
  }

  @Override
  public void flush() throws SQLException {
    if (pending > 0) {
      upsert.executeBatch();
      pending = 0;
    }
    connection.commit();
  }

  @Override
  public String target() {
    return "jdbc table " + dimension.table();
  }

  @Override
  public void close() throws SQLException {
    try {
      upsert.close();
    } finally {
      connection.close();
    }
  }
}
