package io.strata.layers.generate;

import io.strata.layers.plan.LayerGraph;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Flink parser and planner exceptions into one readable sentence. */
public final class SqlErrors {
  private static final Pattern POSITION =
      Pattern.compile(
          "^(SQL (validation|parse) failed\\. )?(From line \\d+, column \\d+ to line \\d+, column \\d+|At line \\d+, column \\d+): ");

  private SqlErrors() {}

  public static String describe(Throwable e) {
    Throwable root = e;
    String best = message(e);
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      String m = message(root);
      if (m != null && !m.isBlank()) {
        best = m;
      }
    }
    if (best == null) {
      return e.toString();
    }
    String line = best.split("\n")[0].trim();
    Matcher m = POSITION.matcher(line);
    if (m.find()) {
      line = line.substring(m.end());
    }
    line = line.replaceFirst("^SQL (validation|parse) failed\\. ", "");
    if (line.startsWith("Encountered")) {
      line = line.replaceAll("\\s+at line \\d+, column \\d+\\.?", "");
    }
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static String message(Throwable t) {
    return t.getMessage();
  }

  /** A hint for common failures, or null. */
  public static String hint(Throwable e, LayerGraph graph, java.util.Collection<String> columns) {
    String d = describe(e);
    Matcher m = Pattern.compile("Column '([^']+)' not found").matcher(d);
    if (m.find() && columns != null) {
      return io.strata.layers.config.Names.suggestion(m.group(1), columns);
    }
    if (d.contains("No match found for function signature")) {
      return "check the function name and argument types (Flink SQL built-in functions)";
    }
    if (m.find(0) || d.contains("not found in any table")) {
      return columns == null
          ? "check the column name against the upstream table"
          : "columns available here: " + String.join(", ", columns);
    }
    if (d.startsWith("Encountered") || d.contains("parse")) {
      return "this is not valid Flink SQL; check quotes, parentheses and operators";
    }
    return "Flink's SQL planner rejected this expression; see the message";
  }
}
