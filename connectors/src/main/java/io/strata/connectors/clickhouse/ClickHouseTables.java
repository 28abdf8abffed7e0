package io.strata.connectors.clickhouse;

import io.strata.connectors.clickhouse.ClickHouseHttp.ClickHouseException;
import io.strata.connectors.clickhouse.ClickHouseSchemaCheck.ExistingColumn;
import io.strata.connectors.clickhouse.ClickHouseSchemaCheck.ExistingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads, creates and checks Strata's tables on a ClickHouse server. */
public final class ClickHouseTables {
  private ClickHouseTables() {}

  /** The table as the server has it, or empty if it does not exist. */
  public static Optional<ExistingTable> describe(ClickHouseHttp http, String database, String table)
      throws ClickHouseException {
    String where = "database = " + ClickHouseSql.string(database) + " AND ";
    List<List<String>> t =
        http.query(
            "SELECT engine, sorting_key FROM system.tables WHERE "
                + where
                + "name = "
                + ClickHouseSql.string(table));
    if (t.isEmpty()) {
      return Optional.empty();
    }
    List<ExistingColumn> columns = new ArrayList<>();
    for (List<String> c :
        http.query(
            "SELECT name, type, default_kind FROM system.columns WHERE "
                + where
                + "table = "
                + ClickHouseSql.string(table))) {
      columns.add(new ExistingColumn(c.get(0), c.get(1), c.size() > 2 ? c.get(2) : ""));
    }
    return Optional.of(
        new ExistingTable(t.get(0).get(0), t.get(0).size() > 1 ? t.get(0).get(1) : "", columns));
  }

  /**
   * Creates the database and table when missing, then checks the table; throws with every mismatch
   * listed when an existing table does not fit the layer.
   *
   * @return true if the table was created now
   */
  public static boolean ensure(ClickHouseHttp http, ClickHouseTableSpec spec)
      throws ClickHouseException {
    http.execute(spec.createDatabaseSql());
    boolean created = false;
    Optional<ExistingTable> existing = describe(http, spec.database(), spec.table());
    if (existing.isEmpty()) {
      http.execute(spec.createTableSql());
      created = true;
      existing = describe(http, spec.database(), spec.table());
    }
    List<String> problems = ClickHouseSchemaCheck.mismatches(spec, existing.orElseThrow());
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "ClickHouse table "
              + spec.database()
              + "."
              + spec.table()
              + " (at "
              + http.endpoint()
              + ") does not match "
              + spec.layerTable()
              + ":\n  - "
              + String.join("\n  - ", problems)
              + "\nFix the table, drop it so that Strata creates it, or write to another one with table = \"...\" on the sink."
              + "\nStrata would create it as:\n"
              + spec.createTableSql());
    }
    return created;
  }
}
