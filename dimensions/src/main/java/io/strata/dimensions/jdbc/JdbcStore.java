package io.strata.dimensions.jdbc;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionStore;
import io.strata.dimensions.DimensionWriter;
import io.strata.dimensions.LookupTable;
import io.strata.dimensions.SqlLiterals;
import io.strata.layers.config.Option;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.generate.Sql;
import io.strata.layers.plugin.ConnectorPlugin;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JDBC database (MySQL, MariaDB) as a dimension store, looked up through Flink's JDBC connector
 * (MySQL dialect; {@code jdbc:mariadb:} URLs use the same dialect with the MariaDB driver).
 */
public final class JdbcStore implements ConnectorPlugin, DimensionStore {
  static final Option<String> URL =
      Option.string("url")
          .required()
          .description("jdbc:mysql://host:port/db or jdbc:mariadb://...");
  static final Option<String> USERNAME = Option.string("username").description("user");
  static final Option<String> PASSWORD =
      Option.string("password").secret().description("password; use ${?ENV_VAR}");
  static final String DRIVER = "org.mariadb.jdbc.Driver";

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
  public List<Option<?>> dimensionStoreOptions() {
    return List.of(
        DimensionLookupOptions.MAX_RETRIES,
        DimensionLookupOptions.TIMEOUT,
        DimensionLookupOptions.CACHE_MISSING_KEYS,
        DimensionLookupOptions.VALID_FROM);
  }

  @Override
  public String dimensionStoreUnavailableReason() {
    return null;
  }

  /**
   * The URL the MariaDB driver is given: {@code jdbc:mysql:} URLs need its permitMysqlScheme flag;
   * connect and socket timeouts bound one lookup attempt.
   */
  static String driverUrl(ConnectionDef c, long timeoutMillis) {
    String url = c.option(URL.key());
    List<String> params = new ArrayList<>();
    if (url.startsWith("jdbc:mysql:") && !url.contains("permitMysqlScheme")) {
      params.add("permitMysqlScheme");
    }
    if (timeoutMillis > 0 && !url.contains("connectTimeout=")) {
      params.add("connectTimeout=" + timeoutMillis);
    }
    if (timeoutMillis > 0 && !url.contains("socketTimeout=")) {
      params.add("socketTimeout=" + timeoutMillis);
    }
    if (params.isEmpty()) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + String.join("&", params);
  }

  /** A versioned dimension is looked up through a view of each key's newest valid version. */
  static String lookupTableName(DimensionDef d) {
    return DimensionLookupOptions.validFrom(d) == null ? d.table() : currentView(d);
  }

  static String currentView(DimensionDef d) {
    return d.table() + "__current";
  }

  /**
   * The view a backfill of {@code day} reads: per key, the newest version whose valid-from is
   * before the start of the next day (as a wall-clock date/time), i.e. the version in force at the
   * end of {@code day}.
   */
  static String asOfView(DimensionDef d, LocalDate day) {
    return d.table() + "__asof_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  @Override
  public LookupTable lookupTable(DimensionDef d, ConnectionDef c, String tableName) {
    return lookupTable(d, c, tableName, lookupTableName(d));
  }

  @Override
  public LookupTable lookupTable(DimensionDef d, ConnectionDef c, String tableName, LocalDate day) {
    return day == null || DimensionLookupOptions.validFrom(d) == null
        ? lookupTable(d, c, tableName)
        : lookupTable(d, c, tableName, asOfView(d, day));
  }

  @Override
  public String asOfUnsupportedReason() {
    return null;
  }

  @Override
  public String prepareAsOf(DimensionDef d, ConnectionDef c, LocalDate day) throws Exception {
    String validFrom = DimensionLookupOptions.validFrom(d);
    if (validFrom == null) {
      return d.table();
    }
    try (var connection =
            JdbcDimensionWriter.connect(
                driverUrl(c, 30_000), c.option(USERNAME.key()), c.option(PASSWORD.key()));
        var st = connection.createStatement()) {
      st.execute(
          JdbcDimensionWriter.createAsOfView(d, validFrom, asOfView(d, day), day.plusDays(1)));
    }
    return asOfView(d, day);
  }

  private LookupTable lookupTable(
      DimensionDef d, ConnectionDef c, String tableName, String storeTable) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", "jdbc");
    options.put("url", driverUrl(c, DimensionLookupOptions.timeout(d).toMillis()));
    options.put("table-name", storeTable);
    options.put("driver", DRIVER);
    if (c.option(USERNAME.key()) != null) {
      // The connector wants both or neither; a password left to an unset ${?ENV_VAR} is empty, so
      // validate/plan/explain work without secrets and a run fails with the database's "access
      // denied".
      options.put("username", c.option(USERNAME.key()));
      options.put("password", c.option(PASSWORD.key()) == null ? "" : c.option(PASSWORD.key()));
    }
    options.putAll(DimensionLookupOptions.flinkLookupOptions(d));
    List<String> cols = new ArrayList<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (ColumnDef col : d.columns()) {
      cols.add("  " + Sql.name(col.name()) + " " + col.type());
      paths.put(col.name(), Sql.name(col.name()));
    }
    String head =
        "CREATE TEMPORARY TABLE "
            + Sql.name(tableName)
            + " (\n"
            + String.join(",\n", cols)
            + ",\n  PRIMARY KEY ("
            + Sql.name(d.key())
            + ") NOT ENFORCED\n) ";
    return new LookupTable(
        tableName,
        head + SqlLiterals.withClause(options),
        head + SqlLiterals.printableWithClause(options, Set.of("password")),
        Sql.name(d.key()),
        paths);
  }

  @Override
  public DimensionWriter openWriter(DimensionDef d, ConnectionDef c) throws Exception {
    return new JdbcDimensionWriter(
        d, driverUrl(c, 30_000), c.option(USERNAME.key()), c.option(PASSWORD.key()));
  }
}
