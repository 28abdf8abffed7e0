package io.strata.dimensions;

import java.util.Map;
import java.util.stream.Collectors;

/** Quoting for generated DDL: option values are string literals, never spliced SQL. */
public final class SqlLiterals {
  private SqlLiterals() {}

  public static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  public static String withClause(Map<String, String> options) {
    return options.entrySet().stream()
        .map(e -> "  " + string(e.getKey()) + " = " + string(e.getValue()))
        .collect(Collectors.joining(",\n", "WITH (\n", "\n)"));
  }

  /** The WITH clause with the values of {@code secretKeys} replaced, for printing. */
  public static String printableWithClause(
      Map<String, String> options, java.util.Set<String> secretKeys) {
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    options.forEach((k, v) -> shown.put(k, secretKeys.contains(k) ? "******" : v));
    return withClause(shown);
  }
}
