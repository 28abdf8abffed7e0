package io.strata.backfill;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;

/**
 * The text form in which recomputed and stored rows are compared: numbers without trailing zeros,
 * times as epoch milliseconds, booleans as 1 / 0. A store reads its values into this form, so
 * {@link TableCorrection#diff} needs no knowledge of any store.
 */
final class CanonicalRows {
  private CanonicalRows() {}

  /**
   * The recomputed rows whose {@code timeColumn} falls in {@code day} of {@code dayZone}.
   *
   * @param wallClockZone the zone in which TIMESTAMP (without time zone) values are wall-clock
   *     times: the pipeline's
   */
  static List<Map<String, String>> ofDay(
      Recompute.Result result,
      String timeColumn,
      LocalDate day,
      ZoneId dayZone,
      ZoneId wallClockZone) {
    long start = day.atStartOfDay(dayZone).toInstant().toEpochMilli();
    long end = day.plusDays(1).atStartOfDay(dayZone).toInstant().toEpochMilli();
    List<Map<String, String>> out = new ArrayList<>();
    for (Row r : result.rows()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < result.columns().size(); i++) {
        row.put(result.columns().get(i), value(r.getField(i), wallClockZone));
      }
      String t = row.get(timeColumn);
      if (t != null && Long.parseLong(t) >= start && Long.parseLong(t) < end) {
        out.add(row);
      }
    }
    return out;
  }

  /** One recomputed value in canonical text. */
  static String value(Object v, ZoneId wallClockZone) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return number(d);
    }
    if (v instanceof Number n) {
      return number(new BigDecimal(n.toString()));
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof Instant i) {
      return Long.toString(i.toEpochMilli());
    }
    if (v instanceof LocalDateTime t) {
      return Long.toString(t.atZone(wallClockZone).toInstant().toEpochMilli());
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof LocalTime t) {
      return Long.toString(t.toNanoOfDay() / 1_000_000);
    }
    return v.toString();
  }

  /** True for the types whose canonical text is a number read with {@link #number}. */
  static boolean isNumericText(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, BOOLEAN -> true;
      default -> false;
    };
  }

  /** True for measures whose totals and deltas mean something. */
  static boolean isNumeric(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
      default -> false;
    };
  }

  static String number(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
