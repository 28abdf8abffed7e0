package io.strata.dorisemulator;

import java.util.List;
import java.util.Map;

/**
 * An emulated Doris table: Unique Key model only. Its committed rows live in the MariaDB table of
 * the same database and name.
 *
 * @param sequenceColumn the column named by {@code function_column.sequence_col}, or null
 */
public record DorisTable(
    String database,
    String name,
    List<DorisColumn> columns,
    List<String> keyColumns,
    String sequenceColumn,
    Map<String, String> properties,
    String ddl) {

  public DorisColumn column(String column) {
    for (DorisColumn c : columns) {
      if (c.name().equalsIgnoreCase(column)) {
        return c;
      }
    }
    return null;
  }

  public boolean isKey(String column) {
    return keyColumns.stream().anyMatch(k -> k.equalsIgnoreCase(column));
  }

  public String qualifiedName() {
    return database + "." + name;
  }
}
