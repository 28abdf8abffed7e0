package io.strata.dimensions.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.dimensions.LookupTable;
import io.strata.dimensions.SqlLiterals;
import io.strata.dimensions.load.DimensionValues;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.generate.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dimension looked up in rows given by a config test instead of its store: the same lookup join,
 * over a {@value GivenRowsLookupFactory#IDENTIFIER} table that holds the rows in its options.
 * Values are read as in {@code strata dim load} files, and checked here, on the client, so a value
 * that cannot be read fails the test before the job starts.
 */
public final class GivenDimensionRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GivenDimensionRows() {}

  public static LookupTable lookupTable(
      DimensionDef d, List<Map<String, String>> rows, String tableName) {
    for (int i = 0; i < rows.size(); i++) {
      for (ColumnDef c : d.columns()) {
        try {
          DimensionValues.parse(c, rows.get(i).get(c.name()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "given row " + (i + 1) + " of dimension " + d.name() + ": " + e.getMessage(), e);
        }
      }
    }
    String encoded;
    try {
      encoded = JSON.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    List<String> columns = new ArrayList<>();
    Map<String, String> paths = new LinkedHashMap<>();
    for (ColumnDef c : d.columns()) {
      columns.add(Sql.name(c.name()) + " " + c.type());
      paths.put(c.name(), Sql.name(c.name()));
    }
    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", GivenRowsLookupFactory.IDENTIFIER);
    options.put(GivenRowsLookupFactory.ROWS.key(), encoded);
    String head =
        "CREATE TEMPORARY TABLE "
            + Sql.name(tableName)
            + " (\n  "
            + String.join(",\n  ", columns)
            + "\n) ";
    String ddl = head + SqlLiterals.withClause(options);
    options.put(GivenRowsLookupFactory.ROWS.key(), "<" + rows.size() + " given rows>");
    String printable = head + SqlLiterals.withClause(options);
    return new LookupTable(tableName, ddl, printable, Sql.name(d.key()), paths);
  }
}
