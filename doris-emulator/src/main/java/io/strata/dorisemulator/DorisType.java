package io.strata.dorisemulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Doris column type as written in DDL ({@code VARCHAR(64)}, {@code DECIMAL(18, 4)}, {@code
 * DATETIME(3)}), its MariaDB counterpart, and how a loaded text value becomes a value of it.
 */
public record DorisType(String name, int length, int precision, int scale) {

  /** A value that the column cannot hold; the row is filtered (Doris: "NumberFilteredRows"). */
  public static final class Rejected extends Exception {
    public Rejected(String message) {
      super(message);
    }
  }

  /** A value that did not convert: NULL in non-strict mode, a filtered row in strict mode. */
  public static final class Unconvertible extends Exception {
    public Unconvertible(String message) {
      super(message);
    }
  }

  private static final Pattern TYPE =
      Pattern.compile("(?i)\\s*([A-Z_0-9]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

  private static final DateTimeFormatter DATETIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter(Locale.ROOT);

  /** Parses a Doris type name; throws IllegalArgumentException with the reason otherwise. */
  public static DorisType parse(String text) {
    Matcher m = TYPE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read the column type '" + text.trim() + "'");
    }
    String name = m.group(1).toUpperCase(Locale.ROOT);
    Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
    switch (name) {
      case "BOOLEAN",
          "BOOL",
          "TINYINT",
          "SMALLINT",
          "INT",
          "INTEGER",
          "BIGINT",
          "LARGEINT",
          "FLOAT",
          "DOUBLE",
          "DATE",
          "DATEV2",
          "STRING",
          "TEXT",
          "JSON",
          "JSONB" -> {
        String n =
            switch (name) {
              case "BOOL" -> "BOOLEAN";
              case "INTEGER" -> "INT";
              case "DATEV2" -> "DATE";
              case "TEXT" -> "STRING";
              case "JSONB" -> "JSON";
              default -> name;
            };
        return new DorisType(n, 0, 0, 0);
      }
      case "VARCHAR", "CHAR" -> {
        int len = a == null ? ("CHAR".equals(name) ? 1 : 65533) : a;
        return new DorisType(name, len, 0, 0);
      }
      case "DECIMAL", "DECIMALV2", "DECIMALV3", "NUMERIC" -> {
        int p = a == null ? 9 : a;
        int s = b == null ? 0 : b;
        if (p < 1 || p > 38 || s > p) {
          throw new IllegalArgumentException(
              "DECIMAL("
                  + p
                  + ", "
                  + s
                  + ") is outside Doris's range (precision 1..38, scale <= precision)");
        }
        return new DorisType("DECIMAL", 0, p, s);
      }
      case "DATETIME", "DATETIMEV2" -> {
        int p = a == null ? 0 : a;
        if (p > 6) {
          throw new IllegalArgumentException(
              "DATETIME(" + p + "): Doris allows at most 6 fractional digits");
        }
        return new DorisType("DATETIME", 0, p, 0);
      }
      default ->
          throw new IllegalArgumentException(
              "the emulator does not support the Doris type " + name);
    }
  }

  /** The type as Doris prints it in DDL and in the schema API. */
  public String ddl() {
    return switch (name) {
      case "VARCHAR", "CHAR" -> name + "(" + length + ")";
      case "DECIMAL" -> "DECIMAL(" + precision + ", " + scale + ")";
      case "DATETIME" -> "DATETIME(" + precision + ")";
      default -> name;
    };
  }

  /**
   * The name the schema API reports in {@code type} (Doris reports decimals as DECIMAL64 etc.; we
   * keep it plain).
   */
  public String schemaName() {
    return switch (name) {
      case "DECIMAL" -> "DECIMAL";
      case "DATETIME" -> "DATETIME";
      default -> name;
    };
  }

  /** The MariaDB column type that holds every value of this type. */
  public String mariaDbType(boolean keyColumn) {
    return switch (name) {
      case "BOOLEAN" -> "BOOLEAN";
      case "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "DATE" -> name;
      case "LARGEINT" -> "DECIMAL(39, 0)";
      case "DECIMAL" -> "DECIMAL(" + precision + ", " + scale + ")";
      case "DATETIME" -> "DATETIME(" + precision + ")";
      // Doris counts VARCHAR length in bytes, MariaDB in characters: n characters always hold n
      // bytes.
      case "VARCHAR", "CHAR" ->
          length <= 768 ? "VARCHAR(" + length + ")" : (keyColumn ? null : "LONGTEXT");
      case "STRING", "JSON" -> keyColumn ? null : "LONGTEXT";
      default -> throw new IllegalStateException(name);
    };
  }

  /**
   * Converts a loaded value to what is written to MariaDB (a String, BigDecimal, Long, Double or
   * Boolean). Null stays null.
   */
  public Object convert(String column, String text) throws Rejected, Unconvertible {
    if (text == null) {
      return null;
    }
    String v = text.trim();
    switch (name) {
      case "VARCHAR", "CHAR" -> {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > length) {
          throw new Rejected(
              "the length of input is too long than schema. column_name: "
                  + column
                  + "; input str: ["
                  + abbreviate(text)
                  + "]; schema length: "
                  + length
                  + "; actual length: "
                  + bytes
                  + ";");
        }
        return text;
      }
      case "STRING", "JSON" -> {
        return text;
      }
      case "BOOLEAN" -> {
        return switch (v.toLowerCase(Locale.ROOT)) {
          case "true", "1" -> Boolean.TRUE;
          case "false", "0" -> Boolean.FALSE;
          default -> throw new Unconvertible("'" + abbreviate(text) + "' is not a BOOLEAN");
        };
      }
      case "TINYINT", "SMALLINT", "INT", "BIGINT", "LARGEINT" -> {
        BigInteger i;
        try {
          i = new BigDecimal(v).toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
          throw new Unconvertible("'" + abbreviate(text) + "' is not a " + name);
        }
        int bits =
            switch (name) {
              case "TINYINT" -> 8;
              case "SMALLINT" -> 16;
              case "INT" -> 32;
              case "BIGINT" -> 64;
              default -> 128;
            };
        if (i.bitLength() > bits - 1) {
          throw new Unconvertible("'" + abbreviate(text) + "' is out of the range of " + name);
        }
        return bits == 128 ? new BigDecimal(i) : (Object) i.longValue();
      }
      case "FLOAT", "DOUBLE" -> {
        try {
          return Double.valueOf(v);
        } catch (NumberFormatException e) {
          throw new Unconvertible("'" + abbreviate(text) + "' is not a " + name);
        }
      }
      case "DECIMAL" -> {
        BigDecimal d;
        try {
          d = new BigDecimal(v);
        } catch (NumberFormatException e) {
          throw new Unconvertible("'" + abbreviate(text) + "' is not a DECIMAL");
        }
        d = d.setScale(scale, RoundingMode.HALF_UP);
        if (d.precision() - d.scale() > precision - scale) {
          throw new Unconvertible(
              "'" + abbreviate(text) + "' overflows DECIMAL(" + precision + ", " + scale + ")");
        }
        return d;
      }
      case "DATE" -> {
        try {
          return LocalDate.from(DATETIME.parse(v)).toString();
        } catch (RuntimeException e) {
          throw new Unconvertible("'" + abbreviate(text) + "' is not a DATE");
        }
      }
      case "DATETIME" -> {
        try {
          LocalDateTime t = LocalDateTime.from(DATETIME.parse(v));
          int drop = 9 - precision;
          int nanos = t.getNano();
          int unit = (int) Math.pow(10, drop);
          t = t.withNano(nanos / unit * unit);
          return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
        } catch (RuntimeException e) {
          throw new Unconvertible("'" + abbreviate(text) + "' is not a DATETIME");
        }
      }
      default -> throw new IllegalStateException(name);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
