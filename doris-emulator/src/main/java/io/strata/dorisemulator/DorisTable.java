package io.strata.dorisemulator;

import java.util.List;
import java.util.Map;

/**
 * An emulated Doris table: Unique Key model only. Its committed rows live in the MariaDB table of
 * the same database and name.
 *
 * @param sequenceColumn the column named by {@code function_column.sequence_col}, or null
 * @param partitionColumn the column of {@code AUTO PARTITION BY RANGE (date_trunc(col, 'day'))}, or
 *     null for an unpartitioned table
 */
public record DorisTable(
    String database,
    String name,
    List<DorisColumn> columns,
    List<String> keyColumns,
    String sequenceColumn,
    String partitionColumn,
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

  /** The same table under another MariaDB name: where a temporary partition's rows are kept. */
  public DorisTable storedAs(String physicalName) {
    return new DorisTable(
        database,
        physicalName,
        columns,
        keyColumns,
        sequenceColumn,
        partitionColumn,
        properties,
        ddl);
  }

  public String qualifiedName() {
    return database + "." + name;
  }
}
