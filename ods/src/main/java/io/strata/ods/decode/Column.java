package io.strata.ods.decode;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

/** One declared column, resolved once into what the decoders need per record. */
final class Column {

  /** The Java value a column produces. */
  enum Kind {
    STRING,
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INT,
    BIGINT,
    FLOAT,
    DOUBLE,
    DECIMAL,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMP_LTZ,
    BYTES
  }

  final String name;
  final int index;
  final LogicalType type;
  final Kind kind;
  final boolean nullable;

  /** DECIMAL precision, or fractional-second digits of TIME / TIMESTAMP / TIMESTAMP_LTZ. */
  final int precision;

  /** DECIMAL scale. */
  final int scale;

  /**
   * Longest CHAR/VARCHAR (in characters) or BINARY/VARBINARY (in bytes) value; else
   * Integer.MAX_VALUE.
   */
  final int maxLength;

  /** e.g. {@code DECIMAL(18, 4)}; used in per-record reasons. */
  final String typeText;

  /** e.g. {@code DECIMAL(18, 4) NOT NULL}; used in schema problems. */
  final String declaredText;

  private Column(String name, int index, LogicalType type) {
    this.name = name;
    this.index = index;
    this.type = type;
    this.nullable = type.isNullable();
    this.typeText = ColumnTypes.describe(type);
    this.declaredText = type.asSummaryString();
    int precision = 0;
    int scale = 0;
    int maxLength = Integer.MAX_VALUE;
    switch (type.getTypeRoot()) {
      case CHAR:
        kind = Kind.STRING;
        maxLength = ((CharType) type).getLength();
        break;
      case VARCHAR:
        kind = Kind.STRING;
        maxLength = ((VarCharType) type).getLength();
        break;
      case BINARY:
        kind = Kind.BYTES;
        maxLength = ((BinaryType) type).getLength();
        break;
      case VARBINARY:
        kind = Kind.BYTES;
        maxLength = ((VarBinaryType) type).getLength();
        break;
      case BOOLEAN:
        kind = Kind.BOOLEAN;
        break;
      case TINYINT:
        kind = Kind.TINYINT;
        break;
      case SMALLINT:
        kind = Kind.SMALLINT;
        break;
      case INTEGER:
        kind = Kind.INT;
        break;
      case BIGINT:
        kind = Kind.BIGINT;
        break;
      case FLOAT:
        kind = Kind.FLOAT;
        break;
      case DOUBLE:
        kind = Kind.DOUBLE;
        break;
      case DECIMAL:
        kind = Kind.DECIMAL;
        precision = ((DecimalType) type).getPrecision();
        scale = ((DecimalType) type).getScale();
        break;
      case DATE:
        kind = Kind.DATE;
        break;
      case TIME_WITHOUT_TIME_ZONE:
        kind = Kind.TIME;
        precision = ((TimeType) type).getPrecision();
        break;
      case TIMESTAMP_WITHOUT_TIME_ZONE:
        kind = Kind.TIMESTAMP;
        precision = ((TimestampType) type).getPrecision();
        break;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        kind = Kind.TIMESTAMP_LTZ;
        precision = ((LocalZonedTimestampType) type).getPrecision();
        break;
      default:
        throw new IllegalArgumentException("unsupported column type " + type);
    }
    this.precision = precision;
    this.scale = scale;
    this.maxLength = maxLength;
  }

  /**
   * Resolves every column; a column whose type cannot be decoded becomes null in the result and a
   * sentence in {@code problems}.
   */
  static Column[] resolve(RowType columns, List<String> problems) {
    List<RowType.RowField> fields = columns.getFields();
    Column[] result = new Column[fields.size()];
    for (int i = 0; i < result.length; i++) {
      RowType.RowField f = fields.get(i);
      String why = ColumnTypes.unsupportedReason(f.getType());
      if (why != null) {
        problems.add(
            "column '"
                + f.getName()
                + "' "
                + (f.getType() == null ? "" : f.getType().asSummaryString() + ": ")
                + why);
      } else {
        result[i] = new Column(f.getName(), i, f.getType());
      }
    }
    return result;
  }

  /**
   * Resolves every column, or throws IllegalArgumentException naming each column that cannot be
   * decoded.
   */
  static Column[] resolve(RowType columns) {
    if (columns == null) {
      throw new IllegalArgumentException("columns must not be null");
    }
    List<String> problems = new ArrayList<>();
    Column[] result = resolve(columns, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return result;
  }

  /** The reason for a null or missing value in a NOT NULL column. */
  String notNullReason() {
    return "column '" + name + "' is NOT NULL but the record has no value";
  }

  DecodeException notNull() {
    return new DecodeException(notNullReason());
  }

  /**
   * {@code column 'price': expected DECIMAL(18, 4), got "abc"} plus an optional detail in
   * parentheses.
   */
  DecodeException mismatch(String shownValue, String detail) {
    StringBuilder sb = new StringBuilder(64);
    sb.append("column '")
        .append(name)
        .append("': expected ")
        .append(typeText)
        .append(", got ")
        .append(shownValue);
    if (detail != null) {
      sb.append(" (").append(detail).append(')');
    }
    return new DecodeException(sb.toString());
  }

  @Override
  public String toString() {
    return name + " " + declaredText;
  }
}
