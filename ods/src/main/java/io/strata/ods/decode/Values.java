package io.strata.ods.decode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Conversions and checks shared by the decoders. Checks come in pairs: a cheap one returning null
 * when the value is fine (the hot path) and a reason built only for bad records.
 */
final class Values {

  /** Flink's DATE/TIMESTAMP range: 0000-01-01 to 9999-12-31. */
  static final long MIN_EPOCH_DAY = -719_528L;

  static final long MAX_EPOCH_DAY = 2_932_896L;
  static final long MIN_EPOCH_SECOND = MIN_EPOCH_DAY * 86_400L;
  static final long MAX_EPOCH_SECOND = MAX_EPOCH_DAY * 86_400L + 86_399L;
  static final long NANOS_PER_DAY = 86_400_000_000_000L;

  /** Longest reason excerpt of an offending value. */
  static final int SHOW_LIMIT = 64;

  /**
   * Longest numeric text parsed from a JSON string; longer is never an exact fit for any column.
   */
  static final int MAX_NUMBER_TEXT = 400;

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Values() {}

  // ---------------------------------------------------------------- showing values in reasons

  /**
   * A string value for a reason: quoted, control characters escaped, cut to about 64 characters.
   */
  static String show(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), SHOW_LIMIT) + 8).append('"');
    int n = Math.min(s.length(), SHOW_LIMIT);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
    if (s.length() > SHOW_LIMIT) {
      sb.append("... (").append(s.length()).append(" characters)");
    }
    return sb.toString();
  }

  /** Unquoted text (a number) for a reason, cut to about 64 characters. */
  static String showText(String s) {
    return s.length() <= SHOW_LIMIT
        ? s
        : s.substring(0, SHOW_LIMIT) + "... (" + s.length() + " characters)";
  }

  static String cut(String s, int limit) {
    return s.length() <= limit ? s : s.substring(0, limit) + "...";
  }

  // ---------------------------------------------------------------- integers

  /** Null when v fits the integer column, else why not. */
  static String integralProblem(long v, Column c) {
    switch (c.kind) {
      case TINYINT:
        return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE ? null : "out of range for TINYINT";
      case SMALLINT:
        return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? null : "out of range for SMALLINT";
      case INT:
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? null : "out of range for INT";
      default:
        return null;
    }
  }

  /** Boxes an in-range value for TINYINT/SMALLINT/INT/BIGINT. */
  static Object boxIntegral(long v, Column c) {
    switch (c.kind) {
      case TINYINT:
        return (byte) v;
      case SMALLINT:
        return (short) v;
      case INT:
        return (int) v;
      default:
        return v;
    }
  }

  /** A whole number for TINYINT..BIGINT, DECIMAL or DOUBLE (exact for |v| below 2^53). */
  static Object integral(long v, Column c) throws DecodeException {
    switch (c.kind) {
      case DECIMAL:
        return decimal(BigDecimal.valueOf(v), c);
      case DOUBLE:
        return (double) v;
      default:
        String problem = integralProblem(v, c);
        if (problem != null) {
          throw c.mismatch(Long.toString(v), problem);
        }
        return boxIntegral(v, c);
    }
  }

  // ---------------------------------------------------------------- decimals

  /**
   * v with exactly the column's scale, or null when that would drop a non-zero fractional digit or
   * it has more integer digits than precision - scale allows. Never rounds. Safe against huge
   * exponents such as 1e999999999.
   */
  static BigDecimal fitDecimal(BigDecimal v, int precision, int scale) {
    if (v.signum() == 0) {
      return BigDecimal.valueOf(0, scale);
    }
    if (v.scale() > scale) {
      v = v.stripTrailingZeros();
      if (v.scale() > scale) {
        return null;
      }
    }
    if ((long) v.precision() - v.scale() > precision - scale) {
      return null;
    }
    return v.scale() == scale ? v : v.setScale(scale);
  }

  /** Why v does not fit the DECIMAL column (only called when {@link #fitDecimal} returned null). */
  static String decimalProblem(BigDecimal v, Column c) {
    BigDecimal stripped = v.stripTrailingZeros();
    if (stripped.scale() > c.scale) {
      return c.scale == 0
          ? "not a whole number, and " + c.typeText + " has no digits after the decimal point"
          : "more than " + c.scale + " digits after the decimal point";
    }
    int integerDigits = c.precision - c.scale;
    return integerDigits == 0
        ? c.typeText + " only holds values between -1 and 1"
        : "more than " + integerDigits + " digits before the decimal point";
  }

  static BigDecimal decimal(BigDecimal v, Column c) throws DecodeException {
    BigDecimal fitted = fitDecimal(v, c.precision, c.scale);
    if (fitted == null) {
      throw c.mismatch(showText(v.toString()), decimalProblem(v, c));
    }
    return fitted;
  }

  /**
   * Number text in the form {@code [+-]digits[.digits][(e|E)[+-]digits]} (digits on at least one
   * side of the point), i.e. exactly what BigDecimal and Double accept minus their oddities
   * (whitespace, hex, type suffixes).
   */
  static boolean isNumberText(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_NUMBER_TEXT) {
      return false;
    }
    int i = 0;
    char c = s.charAt(0);
    if (c == '+' || c == '-') {
      i++;
    }
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        fracDigits++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** The exact decimal value of number text, or null if it is not number text. */
  static BigDecimal parseDecimal(String s) {
    if (!isNumberText(s)) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // exponent beyond int range
    }
  }

  /**
   * A whole number of at most 18 digits with an optional minus sign, parsed without allocation;
   * else Long.MIN_VALUE meaning "not in this fast form".
   */
  static long parseSimpleLong(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (n == i || n - i > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (c - '0');
    }
    return s.charAt(0) == '-' ? -v : v;
  }

  /** True if d is a whole number within long range (then d.longValueExact() cannot fail). */
  static boolean isWholeLong(BigDecimal d) {
    if (d.signum() == 0) {
      return true;
    }
    if (d.scale() > 0) {
      d = d.stripTrailingZeros();
      if (d.scale() > 0) {
        return false;
      }
    }
    if ((long) d.precision() - d.scale() > 19) {
      return false;
    }
    try {
      d.longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  static String wholeNumberProblem(BigDecimal d, Column c) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() > 0 ? "not a whole number" : "out of range for " + c.typeText;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---------------------------------------------------------------- floating point

  /** Double.parseDouble for number text, NaN and (+/-)Infinity; null otherwise. */
  static Double parseDoubleText(String s) {
    if (isNumberText(s)) {
      return Double.parseDouble(s);
    }
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
      case "+Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return null;
    }
  }

  /** True if number text has a non-zero digit before its exponent (its value is not zero). */
  static boolean hasNonZeroDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- strings and bytes

  static String string(String s, Column c) throws DecodeException {
    if (s.length() > c.maxLength && s.codePointCount(0, s.length()) > c.maxLength) {
      throw c.mismatch(show(s), "longer than " + c.maxLength + " characters");
    }
    return s;
  }

  static byte[] bytes(byte[] b, Column c) throws DecodeException {
    if (b.length > c.maxLength) {
      throw c.mismatch(b.length + " bytes", "longer than " + c.maxLength + " bytes");
    }
    return b;
  }

  // ---------------------------------------------------------------- dates and times

  static String fractionProblem(Column c) {
    return c.precision == 0
        ? "has a fraction of a second, but " + c.typeText + " holds whole seconds"
        : "more than " + c.precision + " fractional second digits";
  }

  /** True if nano has no more fractional digits than the column's precision. */
  static boolean fitsPrecision(int nano, Column c) {
    return nano % POW10[9 - c.precision] == 0;
  }

  static String rangeProblem(Column c) {
    return "out of range: " + c.typeText + " holds years 0000 to 9999";
  }

  /** Null if the instant fits TIMESTAMP/TIMESTAMP_LTZ of this column, else why not. */
  static String timestampProblem(long epochSecond, int nano, Column c) {
    if (epochSecond < MIN_EPOCH_SECOND || epochSecond > MAX_EPOCH_SECOND) {
      return rangeProblem(c);
    }
    return fitsPrecision(nano, c) ? null : fractionProblem(c);
  }

  /**
   * Instant for TIMESTAMP_LTZ, else the UTC wall-clock LocalDateTime for TIMESTAMP. Checked
   * beforehand.
   */
  static Object timestampValue(long epochSecond, int nano, Column c) {
    return c.kind == Column.Kind.TIMESTAMP_LTZ
        ? Instant.ofEpochSecond(epochSecond, nano)
        : LocalDateTime.ofEpochSecond(epochSecond, nano, ZoneOffset.UTC);
  }

  static Object fromEpochMillis(long millis, Column c) throws DecodeException {
    long second = Math.floorDiv(millis, 1_000L);
    int nano = (int) Math.floorMod(millis, 1_000L) * 1_000_000;
    String problem = timestampProblem(second, nano, c);
    if (problem != null) {
      throw c.mismatch(millis + " (epoch milliseconds)", problem);
    }
    return timestampValue(second, nano, c);
  }

  static Object fromEpochMicros(long micros, Column c) throws DecodeException {
    long second = Math.floorDiv(micros, 1_000_000L);
    int nano = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
    String problem = timestampProblem(second, nano, c);
    if (problem != null) {
      throw c.mismatch(micros + " (epoch microseconds)", problem);
    }
    return timestampValue(second, nano, c);
  }

  static LocalDate fromEpochDay(long day, Column c) throws DecodeException {
    if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) {
      throw c.mismatch(day + " (days since 1970-01-01)", rangeProblem(c));
    }
    return LocalDate.ofEpochDay(day);
  }

  /** A TIME value; {@code raw} and {@code unit} describe the source value in a reason. */
  static LocalTime fromNanoOfDay(long nanoOfDay, long raw, String unit, Column c)
      throws DecodeException {
    if (nanoOfDay < 0 || nanoOfDay >= NANOS_PER_DAY) {
      throw c.mismatch(raw + " (" + unit + ")", "not a time of day");
    }
    if (!fitsPrecision((int) (nanoOfDay % 1_000_000_000L), c)) {
      throw c.mismatch(raw + " (" + unit + ")", fractionProblem(c));
    }
    return LocalTime.ofNanoOfDay(nanoOfDay);
  }
}
