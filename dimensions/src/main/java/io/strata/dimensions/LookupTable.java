package io.strata.dimensions;

import java.util.Map;

/**
 * A dimension as a Flink lookup table: its DDL (and a printable copy without secrets), and for each
 * dimension column the path that reads it from the table's alias (a column, or family.qualifier).
 */
public record LookupTable(
    String name, String ddl, String printableDdl, String keyPath, Map<String, String> columnPaths) {

  /** SQL reading {@code column} of the lookup table joined under {@code alias}. */
  public String column(String alias, String column) {
    return alias + "." + columnPaths.get(column);
  }

  /** SQL reading the looked-up key; NULL exactly when no row was found. */
  public String key(String alias) {
    return alias + "." + keyPath;
  }
}
