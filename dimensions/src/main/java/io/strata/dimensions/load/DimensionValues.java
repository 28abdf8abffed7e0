package io.strata.dimensions.load;

import io.strata.layers.definition.ColumnDef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** Turns a text value from a CSV or JSON Lines file into the Java value of a declared column. */
public final class DimensionValues {
  private DimensionValues() {}

  public static LogicalType type(ColumnDef c) {
    return LogicalTypeParser.parse(c.type(), DimensionValues.class.getClassLoader());
  }

  /** The typed value; null for null or an empty cell in a non-string column. */
  public static Object parse(ColumnDef c, String text) {
    if (text == null) {
      return null;
    }
    LogicalType t = type(c);
    String s = text.trim();
    if (s.isEmpty() && !isString(t)) {
      return null;
    }
    try {
      return switch (t.getTypeRoot()) {
        case CHAR, VARCHAR -> text;
        case BOOLEAN -> parseBoolean(s);
        case TINYINT -> Byte.parseByte(s);
        case SMALLINT -> Short.parseShort(s);
        case INTEGER -> Integer.parseInt(s);
        case BIGINT -> Long.parseLong(s);
        case FLOAT -> Float.parseFloat(s);
        case DOUBLE -> Double.parseDouble(s);
        case DECIMAL -> new BigDecimal(s);
        case DATE -> LocalDate.parse(s);
        case TIMESTAMP_WITHOUT_TIME_ZONE -> LocalDateTime.parse(s.replace(' ', 'T'));
        case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
            s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")
                ? OffsetDateTime.parse(s.replace(' ', 'T')).toInstant()
                : Instant.parse(s.replace(' ', 'T') + "Z");
        default ->
            throw new IllegalArgumentException(
                "type " + c.type() + " is not supported in dimension files");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "column '"
              + c.name()
              + "' ("
              + c.type()
              + "): cannot read '"
              + text
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private static boolean isString(LogicalType t) {
    return switch (t.getTypeRoot()) {
      case CHAR, VARCHAR -> true;
      default -> false;
    };
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }
}
