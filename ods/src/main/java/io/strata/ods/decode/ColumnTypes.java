package io.strata.ods.decode;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimeType;

/** Which Flink column types the ODS decoders can produce. */
public final class ColumnTypes {

  /**
   * Flink keeps TIME values as milliseconds of the day; finer precision would be cut off silently.
   */
  static final int MAX_TIME_PRECISION = 3;

  private ColumnTypes() {}

  /**
   * Returns null if Strata can decode this type, else why not (e.g. "ARRAY is not supported in ODS
   * columns yet").
   *
   * <p>Supported: CHAR, VARCHAR/STRING, BOOLEAN, BINARY, VARBINARY/BYTES (as {@code byte[]}),
   * TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE, TIME(0..3), TIMESTAMP,
   * TIMESTAMP_LTZ.
   */
  public static String unsupportedReason(LogicalType t) {
    if (t == null) {
      return "the column has no type";
    }
    switch (t.getTypeRoot()) {
      case CHAR:
      case VARCHAR:
      case BOOLEAN:
      case BINARY:
      case VARBINARY:
      case DECIMAL:
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case FLOAT:
      case DOUBLE:
      case DATE:
      case TIMESTAMP_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return null;
      case TIME_WITHOUT_TIME_ZONE:
        int precision = ((TimeType) t).getPrecision();
        return precision <= MAX_TIME_PRECISION
            ? null
            : "TIME("
                + precision
                + ") is not supported: Flink keeps TIME values in milliseconds, so use TIME("
                + MAX_TIME_PRECISION
                + ") or less";
      case ARRAY:
        return "ARRAY is not supported in ODS columns yet";
      case MULTISET:
        return "MULTISET is not supported in ODS columns yet";
      case MAP:
        return "MAP is not supported in ODS columns yet";
      case ROW:
        return "ROW is not supported in ODS columns yet";
      case TIMESTAMP_WITH_TIME_ZONE:
        return "TIMESTAMP WITH TIME ZONE is not supported by Flink at runtime; use TIMESTAMP_LTZ";
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_DAY_TIME:
        return "INTERVAL is not supported in ODS columns";
      case DISTINCT_TYPE:
      case STRUCTURED_TYPE:
        return "user-defined types are not supported in ODS columns";
      case RAW:
        return "RAW is not supported in ODS columns";
      case NULL:
        return "the NULL type is not supported in ODS columns; give the column a real type";
      default:
        return t.getTypeRoot() + " is not supported in ODS columns";
    }
  }

  /**
   * The type as written in reasons, without NOT NULL, e.g. {@code DECIMAL(18, 4)} or {@code
   * STRING}.
   */
  static String describe(LogicalType t) {
    return t.copy(true).asSummaryString();
  }
}
