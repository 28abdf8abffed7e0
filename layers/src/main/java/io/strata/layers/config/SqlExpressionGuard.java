package io.strata.layers.config;

import java.util.Locale;

/**
 * Rejects config strings that would not stay a single SQL expression once embedded in generated
 * SQL: statement separators, comments, unbalanced parentheses or quotes, and sub-queries. Whether
 * the expression itself is valid SQL is asked of Flink's planner.
 */
public final class SqlExpressionGuard {
  private SqlExpressionGuard() {}

  /** Null if the text can be embedded safely, else why not. */
  public static String unsafeReason(String sql) {
    if (sql == null || sql.isBlank()) {
      return "it is empty";
    }
    int depth = 0;
    boolean inString = false;
    boolean inQuotedIdentifier = false;
    StringBuilder outside = new StringBuilder();
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (inString) {
        if (c == '\'') {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
            i++;
          } else {
            inString = false;
          }
        }
        continue;
      }
      if (inQuotedIdentifier) {
        if (c == '`') {
          inQuotedIdentifier = false;
        }
        continue;
      }
      switch (c) {
        case '\'' -> inString = true;
        case '`' -> inQuotedIdentifier = true;
        case ';' -> {
          return "it contains ';'";
        }
        case '(' -> depth++;
        case ')' -> {
          if (--depth < 0) {
            return "it closes a parenthesis it did not open";
          }
        }
        case '-' -> {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
            return "it contains a comment (--)";
          }
        }
        case '/' -> {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
            return "it contains a comment (/*)";
          }
        }
        default -> {}
      }
      outside.append(c);
    }
    if (inString) {
      return "a string literal is not closed";
    }
    if (inQuotedIdentifier) {
      return "a quoted name is not closed";
    }
    if (depth != 0) {
      return "a parenthesis is not closed";
    }
    String words =
        " " + outside.toString().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]+", " ") + " ";
    for (String keyword : new String[] {" SELECT ", " UNION ", " INSERT ", " VALUES ", " TABLE "}) {
      if (words.contains(keyword)) {
        return "it contains " + keyword.trim() + " (sub-queries are not allowed)";
      }
    }
    return null;
  }
}
