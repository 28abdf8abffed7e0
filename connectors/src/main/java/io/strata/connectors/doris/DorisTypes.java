package io.strata.connectors.doris;

import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** Doris column types for the Flink types of a layer's columns. */
final class DorisTypes {
  /**
   * Key columns cannot be STRING in Doris; a Flink STRING key becomes VARCHAR of this many bytes.
   */
  static final int KEY_STRING_BYTES = 255;

  private DorisTypes() {}

  static LogicalType parse(String flinkType) {
    return LogicalTypeParser.parse(flinkType, DorisTypes.class.getClassLoader());
  }

  /**
   * The Doris type of a column, or throws IllegalArgumentException naming the column when Doris has
   * no counterpart Strata can map.
   */
  static String of(String column, LogicalType t, boolean key) {
    switch (t.getTypeRoot()) {
      case BOOLEAN:
        return "BOOLEAN";
      case TINYINT:
        return "TINYINT";
      case SMALLINT:
        return "SMALLINT";
      case INTEGER:
        return "INT";
      case BIGINT:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case DECIMAL:
        {
          DecimalType d = (DecimalType) t;
          if (d.getPrecision() > 38) {
            throw new IllegalArgumentException(
                "column "
                    + column
                    + ": DECIMAL("
                    + d.getPrecision()
                    + ", "
                    + d.getScale()
                    + ") exceeds Doris's precision 38");
          }
          return "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
      case DATE:
        return "DATE";
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        return "DATETIME(" + Math.min(6, ((TimestampType) t).getPrecision()) + ")";
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        // Written by the connector as the UTC wall-clock time of the instant.
        return "DATETIME(" + Math.min(6, ((LocalZonedTimestampType) t).getPrecision()) + ")";
      case CHAR:
      case VARCHAR:
        {
          int chars = t instanceof VarCharType v ? v.getLength() : ((CharType) t).getLength();
          if (key) {
            // Doris counts bytes; UTF-8 needs up to 4 per character.
            return "VARCHAR("
                + (chars >= Integer.MAX_VALUE / 4 ? KEY_STRING_BYTES : Math.min(65533, chars * 4))
                + ")";
          }
          return chars >= Integer.MAX_VALUE / 4 || chars * 4 > 65533
              ? "STRING"
              : "VARCHAR(" + chars * 4 + ")";
        }
      default:
        throw new IllegalArgumentException(
            "column " + column + ": the Doris sink cannot write Flink type " + t.asSummaryString());
    }
  }
}
