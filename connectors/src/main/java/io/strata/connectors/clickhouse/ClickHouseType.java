package io.strata.connectors.clickhouse;

import java.io.Serializable;
import java.util.Locale;

/**
 * A ClickHouse column type as the server reports it ({@code Nullable(Decimal(18, 4))}), reduced to
 * what the sink needs: the base type, nullability, and the size of decimals and fixed strings.
 *
 * @param base the type without Nullable/LowCardinality and without parameters, e.g. {@code Decimal}
 * @param precision decimal precision (0 when not a decimal)
 * @param scale decimal scale (0 when not a decimal)
 * @param length FixedString length (0 otherwise)
 */
public record ClickHouseType(
    String base, boolean nullable, int precision, int scale, int length, String text)
    implements Serializable {

  /** Parses a type as written in system.columns; unknown types are kept with their base name. */
  public static ClickHouseType parse(String text) {
    String t = text.trim();
    boolean nullable = false;
    boolean changed = true;
    while (changed) {
      changed = false;
      if (t.startsWith("Nullable(") && t.endsWith(")")) {
        t = t.substring("Nullable(".length(), t.length() - 1).trim();
        nullable = true;
        changed = true;
      } else if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
        t = t.substring("LowCardinality(".length(), t.length() - 1).trim();
        changed = true;
      }
    }
    int paren = t.indexOf('(');
    String base = paren < 0 ? t : t.substring(0, paren).trim();
    String[] args =
        paren < 0 ? new String[0] : t.substring(paren + 1, t.lastIndexOf(')')).split(",");
    switch (base) {
      case "Decimal":
        return new ClickHouseType(
            "Decimal", nullable, intArg(args, 0, text), intArg(args, 1, text), 0, text);
      case "Decimal32":
        return new ClickHouseType("Decimal", nullable, 9, intArg(args, 0, text), 0, text);
      case "Decimal64":
        return new ClickHouseType("Decimal", nullable, 18, intArg(args, 0, text), 0, text);
      case "Decimal128":
        return new ClickHouseType("Decimal", nullable, 38, intArg(args, 0, text), 0, text);
      case "FixedString":
        return new ClickHouseType("FixedString", nullable, 0, 0, intArg(args, 0, text), text);
      case "DateTime":
        // DateTime('UTC') and friends: the time zone only changes how the server prints values.
        return new ClickHouseType("DateTime", nullable, 0, 0, 0, text);
      default:
        return new ClickHouseType(base, nullable, 0, 0, 0, text);
    }
  }

  /** A non-nullable type of the given base. */
  public static ClickHouseType of(String base) {
    return parse(base);
  }

  public ClickHouseType asNullable() {
    return nullable ? this : parse("Nullable(" + text + ")");
  }

  public ClickHouseType notNull() {
    return nullable ? parse(text.substring("Nullable(".length(), text.length() - 1)) : this;
  }

  public boolean isInteger() {
    return integerBits() > 0;
  }

  public boolean isUnsigned() {
    return base.startsWith("UInt");
  }

  /** 8, 16, 32 or 64 for the Int and UInt types, 0 otherwise. */
  public int integerBits() {
    return switch (base) {
      case "Int8", "UInt8" -> 8;
      case "Int16", "UInt16" -> 16;
      case "Int32", "UInt32" -> 32;
      case "Int64", "UInt64" -> 64;
      default -> 0;
    };
  }

  /** The canonical spelling the server uses in system.columns, for comparisons. */
  public String canonical() {
    String inner =
        switch (base) {
          case "Decimal" -> "Decimal(" + precision + ", " + scale + ")";
          case "FixedString" -> "FixedString(" + length + ")";
          default -> base;
        };
    return nullable ? "Nullable(" + inner + ")" : inner;
  }

  @Override
  public String toString() {
    return text;
  }

  private static int intArg(String[] args, int i, String text) {
    if (args.length <= i) {
      throw new IllegalArgumentException("cannot read the ClickHouse type '" + text + "'");
    }
    try {
      return Integer.parseInt(args[i].trim().toLowerCase(Locale.ROOT));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cannot read the ClickHouse type '" + text + "'", e);
    }
  }
}
