package io.strata.connectors;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Quoting for generated DDL: names in backticks, values as SQL string literals. */
public final class SqlLiterals {
  private SqlLiterals() {}

  public static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  public static String name(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** {@code CREATE TEMPORARY TABLE name (cols) WITH (options)}. */
  public static String createTable(
      String table,
      List<io.strata.layers.plugin.SinkTranslator.Column> columns,
      Map<String, String> with) {
    String cols =
        columns.stream()
            .map(c -> "  " + name(c.name()) + " " + c.type())
            .collect(Collectors.joining(",\n"));
    String opts =
        with.entrySet().stream()
            .map(e -> "  " + string(e.getKey()) + " = " + string(e.getValue()))
            .collect(Collectors.joining(",\n"));
    return "CREATE TEMPORARY TABLE " + name(table) + " (\n" + cols + "\n) WITH (\n" + opts + "\n)";
  }
}
