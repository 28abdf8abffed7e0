package io.strata.connectors.clickhouse;

/** Quoting for ClickHouse SQL: identifiers in backticks, strings in single quotes. */
final class ClickHouseSql {
  private ClickHouseSql() {}

  static String name(String identifier) {
    return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
  }

  static String string(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
