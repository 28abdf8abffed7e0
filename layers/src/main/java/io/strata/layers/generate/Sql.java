package io.strata.layers.generate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Small helpers for generated SQL: every name is quoted, so no config value changes a statement.
 */
public final class Sql {
  private Sql() {}

  public static String name(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  public static String names(List<String> identifiers) {
    return identifiers.stream().map(Sql::name).collect(Collectors.joining(", "));
  }

  /** A Flink SQL interval literal for a duration in milliseconds. */
  public static String interval(long millis) {
    if (millis % 1000 == 0) {
      long seconds = millis / 1000;
      return "INTERVAL '"
          + seconds
          + "' SECOND("
          + Math.max(2, Long.toString(seconds).length())
          + ")";
    }
    String s = (millis / 1000) + "." + String.format("%03d", millis % 1000);
    return "INTERVAL '"
        + s
        + "' SECOND("
        + Math.max(2, Long.toString(millis / 1000).length())
        + ", 3)";
  }
}
