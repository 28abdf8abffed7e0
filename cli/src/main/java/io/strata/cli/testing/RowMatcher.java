package io.strata.cli.testing;

import io.strata.layers.definition.TableRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * Compares expected rows (as written in a config test) with the rows a job produced, in any order.
 * Only the columns an expected row names are compared; values compare by the column's type
 * (decimals numerically, timestamps parsed in the pipeline's time zone).
 */
public final class RowMatcher {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private RowMatcher() {}

  /** Null when the rows match, else a readable diff. */
  public static String diff(
      TableRef table,
      List<String> columns,
      List<Map<String, Object>> expected,
      List<Row> actual,
      String timeZone) {
    ZoneId zone = ZoneId.of(timeZone);
    boolean[] used = new boolean[actual.size()];
    List<Map<String, Object>> missing = new ArrayList<>();
    for (Map<String, Object> exp : expected) {
      int found = -1;
      for (int i = 0; i < actual.size() && found < 0; i++) {
        if (!used[i] && matches(exp, actual.get(i), columns, zone)) {
          found = i;
        }
      }
      if (found < 0) {
        missing.add(exp);
      } else {
        used[found] = true;
      }
    }
    List<Map<String, Object>> unexpected = new ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      if (!used[i]) {
        unexpected.add(asMap(actual.get(i), columns));
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(table)
        .append(": ")
        .append(expected.size())
        .append(" rows expected, ")
        .append(actual.size())
        .append(" produced; ")
        .append(missing.size())
        .append(" expected not produced, ")
        .append(unexpected.size())
        .append(" produced not expected\n");
    missing.forEach(m -> sb.append("  - expected ").append(m).append('\n'));
    unexpected.forEach(u -> sb.append("  + produced ").append(u).append('\n'));
    return sb.toString();
  }

  static Map<String, Object> asMap(Row row, List<String> columns) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      Object v = row.getField(i);
      m.put(columns.get(i), v instanceof BigDecimal b ? b.toPlainString() : v);
    }
    return m;
  }

  static boolean matches(Map<String, Object> expected, Row row, List<String> columns, ZoneId zone) {
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      int i = columns.indexOf(e.getKey());
      if (i < 0 || !sameValue(e.getValue(), row.getField(i), zone)) {
        return false;
      }
    }
    return true;
  }

  static boolean sameValue(Object expected, Object actual, ZoneId zone) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    String text = expected.toString().trim();
    try {
      if (actual instanceof BigDecimal
          || actual instanceof Long
          || actual instanceof Integer
          || actual instanceof Short
          || actual instanceof Byte) {
        return new BigDecimal(text).compareTo(new BigDecimal(actual.toString())) == 0;
      }
      if (actual instanceof Double || actual instanceof Float) {
        double a = ((Number) actual).doubleValue();
        double x = Double.parseDouble(text);
        return Math.abs(a - x) <= 1e-9 * Math.max(1, Math.abs(x));
      }
      if (actual instanceof Instant instant) {
        return parseInstant(expected, zone).equals(instant);
      }
      if (actual instanceof LocalDateTime ldt) {
        return LocalDateTime.parse(text, LOCAL).equals(ldt);
      }
      if (actual instanceof LocalDate d) {
        return LocalDate.parse(text).equals(d);
      }
    } catch (RuntimeException e) {
      return false;
    }
    return text.equals(actual.toString());
  }

  static Instant parseInstant(Object expected, ZoneId zone) {
    if (expected instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    String s = expected.toString().trim();
    if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return java.time.OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
    }
    return LocalDateTime.parse(s, LOCAL).atZone(zone).toInstant();
  }
}
