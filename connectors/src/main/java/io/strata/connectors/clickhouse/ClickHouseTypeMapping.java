package io.strata.connectors.clickhouse;

import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Flink SQL types to ClickHouse types, chosen to work the same on ClickHouse 18.16 (no DateTime64)
 * and current releases.
 *
 * <p>Timestamps ({@code TIMESTAMP(p)}, {@code TIMESTAMP_LTZ(p)}) are stored as {@code Int64}
 * milliseconds since the epoch, UTC: lossless for Flink's millisecond event times, sortable, and a
 * valid partition and version expression everywhere. Dashboards turn them into times with {@code
 * toDateTime(intDiv(col, 1000))}.
 */
public final class ClickHouseTypeMapping {
  private ClickHouseTypeMapping() {}

  /** The column type Strata creates for a Flink type; Nullable when the Flink type is nullable. */
  public static ClickHouseType forFlink(LogicalType type) {
    ClickHouseType base = ClickHouseType.parse(baseFor(type));
    return type.isNullable() ? base.asNullable() : base;
  }

  private static String baseFor(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case BOOLEAN -> "UInt8";
      case TINYINT -> "Int8";
      case SMALLINT -> "Int16";
      case INTEGER -> "Int32";
      case BIGINT -> "Int64";
      case FLOAT -> "Float32";
      case DOUBLE -> "Float64";
      case DECIMAL -> {
        DecimalType d = (DecimalType) type;
        yield "Decimal(" + d.getPrecision() + ", " + d.getScale() + ")";
      }
      case CHAR, VARCHAR, BINARY, VARBINARY -> "String";
      case DATE -> "Date";
      case TIME_WITHOUT_TIME_ZONE -> "Int32"; // milliseconds of the day
      case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "Int64"; // epoch millis
      default ->
          throw new IllegalArgumentException(
              "Flink type "
                  + type.asSummaryString()
                  + " cannot be written to ClickHouse by Strata"
                  + " (supported: BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR, BINARY,"
                  + " VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ); cast it in the layer's columns");
    };
  }

  /**
   * Null if a column of ClickHouse type {@code ch} can hold the values of {@code flink} (possibly
   * with per-row checks: narrower integers or decimals, FixedString, non-Nullable columns, whose
   * misfits are dead-lettered), else why not.
   */
  public static String incompatibility(LogicalType flink, ClickHouseType ch) {
    String b = ch.base();
    boolean ok =
        switch (flink.getTypeRoot()) {
          case BOOLEAN -> b.equals("UInt8") || b.equals("Bool");
          case TINYINT, SMALLINT, INTEGER, BIGINT -> ch.isInteger();
          case FLOAT, DOUBLE -> b.equals("Float32") || b.equals("Float64");
          case DECIMAL -> b.equals("Decimal") && ch.scale() == ((DecimalType) flink).getScale();
          case CHAR, VARCHAR, BINARY, VARBINARY -> b.equals("String") || b.equals("FixedString");
          case DATE -> b.equals("Date");
          case TIME_WITHOUT_TIME_ZONE -> b.equals("Int32") || b.equals("Int64");
          case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
              b.equals("Int64") || b.equals("UInt64");
          default -> false;
        };
    if (ok) {
      return null;
    }
    String expected;
    try {
      expected = forFlink(flink).notNull().canonical();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    String why =
        flink.getTypeRoot().name().startsWith("DECIMAL") && b.equals("Decimal")
            ? " (the scale must be " + ((DecimalType) flink).getScale() + ")"
            : "";
    return "is "
        + ch.text()
        + " in ClickHouse but "
        + flink.asSummaryString()
        + " in the layer; expected "
        + expected
        + (flink.isNullable() ? " or Nullable(" + expected + ")" : "")
        + why;
  }
}
