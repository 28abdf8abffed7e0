package io.strata.connectors.clickhouse;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * Encodes Flink rows into ClickHouse's RowBinary format for the columns of the target table as they
 * really are (read from the server), checking on the way that the table can hold each value. A row
 * it cannot hold (null in a non-Nullable column, a decimal or integer out of the column's range, a
 * string longer than a FixedString) is refused with a reason and leaves nothing in the buffer.
 */
final class RowBinaryRowEncoder {

  /** A row the target table cannot hold. Thrown often in bad batches: no stack trace. */
  static final class RejectedRowException extends Exception {
    RejectedRowException(String reason) {
      super(reason, null, false, false);
    }
  }

  private interface FieldEncoder {
    void encode(RowData row, RowBinaryBuffer out) throws RejectedRowException;
  }

  private final List<String> names;
  private final List<RowData.FieldGetter> getters;
  private final FieldEncoder[] encoders;
  private final List<String> insertColumns;
  private final int versionIndex;
  private final LogicalType versionType;
  private final ZoneId zone;

  /**
   * @param target the table's columns as the server reports them; must hold every layer column (see
   *     {@link ClickHouseSchemaCheck}) and {@code _version}
   * @param versionSource the layer column whose time is the row version; null for version 0
   * @param zone the pipeline's time zone, for TIMESTAMP (without time zone) values
   */
  RowBinaryRowEncoder(
      List<String> names,
      List<LogicalType> types,
      Map<String, ClickHouseType> target,
      String versionSource,
      ZoneId zone) {
    this.names = List.copyOf(names);
    this.zone = zone;
    this.getters = new ArrayList<>();
    this.encoders = new FieldEncoder[names.size()];
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      getters.add(RowData.createFieldGetter(types.get(i), i));
      ClickHouseType ch = target.get(names.get(i));
      String why =
          ch == null
              ? "is missing in ClickHouse"
              : ClickHouseTypeMapping.incompatibility(types.get(i), ch);
      if (why != null) {
        problems.add("column " + names.get(i) + " " + why);
        continue;
      }
      encoders[i] =
          nullable(names.get(i), i, ch, valueEncoder(names.get(i), i, types.get(i), ch.notNull()));
    }
    ClickHouseType version = target.get(ClickHouseTableSpec.VERSION_COLUMN);
    if (version == null || !version.base().equals("UInt64")) {
      problems.add(
          "column "
              + ClickHouseTableSpec.VERSION_COLUMN
              + " must be UInt64 (is "
              + (version == null ? "missing" : version.text())
              + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the ClickHouse table cannot hold the layer's rows: " + String.join("; ", problems));
    }
    this.versionIndex = versionSource == null ? -1 : names.indexOf(versionSource);
    this.versionType = versionIndex < 0 ? null : types.get(versionIndex);
    List<String> cols = new ArrayList<>(names);
    cols.add(ClickHouseTableSpec.VERSION_COLUMN);
    this.insertColumns = List.copyOf(cols);
  }

  /** The columns of the INSERT, in the order {@link #encode} writes them. */
  List<String> insertColumns() {
    return insertColumns;
  }

  /**
   * Appends the row and returns the {@code _version} written; on refusal the buffer is left as it
   * was.
   */
  long encode(RowData row, RowBinaryBuffer out) throws RejectedRowException {
    int mark = out.size();
    try {
      for (FieldEncoder e : encoders) {
        e.encode(row, out);
      }
      long version = version(row);
      out.writeLE(version, 8);
      return version;
    } catch (RejectedRowException e) {
      out.truncate(mark);
      throw e;
    }
  }

  /**
   * Whether {@code _version} is a time in epoch milliseconds (a timestamp column), so that it can
   * be compared with the wall clock; not for no version or a DATE version (days).
   */
  boolean versionIsEpochMillis() {
    return versionIndex >= 0 && versionType.getTypeRoot() != LogicalTypeRoot.DATE;
  }

  /** The row's fields as text, for dead letters. */
  Map<String, String> describe(RowData row) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Object v = getters.get(i).getFieldOrNull(row);
      m.put(names.get(i), v == null ? null : String.valueOf(v));
    }
    return m;
  }

  private long version(RowData row) {
    if (versionIndex < 0 || row.isNullAt(versionIndex)) {
      return 0L;
    }
    long v =
        versionType.getTypeRoot() == LogicalTypeRoot.DATE
            ? row.getInt(versionIndex)
            : epochMillis(row, versionIndex, versionType);
    return Math.max(0L, v);
  }

  private static FieldEncoder nullable(String name, int i, ClickHouseType ch, FieldEncoder value) {
    if (ch.nullable()) {
      return (row, out) -> {
        if (row.isNullAt(i)) {
          out.writeByte(1);
        } else {
          out.writeByte(0);
          value.encode(row, out);
        }
      };
    }
    return (row, out) -> {
      if (row.isNullAt(i)) {
        throw new RejectedRowException(
            "null in column " + name + ", which is " + ch.text() + " (not Nullable) in ClickHouse");
      }
      value.encode(row, out);
    };
  }

  private FieldEncoder valueEncoder(String name, int i, LogicalType flink, ClickHouseType ch) {
    switch (flink.getTypeRoot()) {
      case BOOLEAN:
        return (row, out) -> out.writeByte(row.getBoolean(i) ? 1 : 0);
      case TINYINT:
        return integer(name, ch, row -> row.getByte(i));
      case SMALLINT:
        return integer(name, ch, row -> row.getShort(i));
      case INTEGER:
      case TIME_WITHOUT_TIME_ZONE:
        return integer(name, ch, row -> row.getInt(i));
      case BIGINT:
        return integer(name, ch, row -> row.getLong(i));
      case FLOAT:
        return ch.base().equals("Float64")
            ? (row, out) -> out.writeLE(Double.doubleToRawLongBits(row.getFloat(i)), 8)
            : (row, out) -> out.writeLE(Float.floatToRawIntBits(row.getFloat(i)), 4);
      case DOUBLE:
        return ch.base().equals("Float64")
            ? (row, out) -> out.writeLE(Double.doubleToRawLongBits(row.getDouble(i)), 8)
            : (row, out) -> out.writeLE(Float.floatToRawIntBits((float) row.getDouble(i)), 4);
      case DECIMAL:
        return decimal(name, i, (DecimalType) flink, ch);
      case CHAR:
      case VARCHAR:
        return bytes(name, ch, row -> row.getString(i).toBytes());
      case BINARY:
      case VARBINARY:
        return bytes(name, ch, row -> row.getBinary(i));
      case DATE:
        return (row, out) -> {
          int days = row.getInt(i);
          if (days < 0 || days > 0xFFFF) {
            throw new RejectedRowException(
                "date in column "
                    + name
                    + " is outside ClickHouse's Date range 1970-01-01..2149-06-06: day "
                    + days);
          }
          out.writeLE(days, 2);
        };
      case TIMESTAMP_WITHOUT_TIME_ZONE:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return integer(name, ch, row -> epochMillis(row, i, flink));
      default:
        throw new IllegalArgumentException(
            "cannot write " + flink.asSummaryString() + " to ClickHouse");
    }
  }

  private long epochMillis(RowData row, int i, LogicalType t) {
    if (t instanceof LocalZonedTimestampType lz) {
      return row.getTimestamp(i, lz.getPrecision()).getMillisecond();
    }
    TimestampData ts = row.getTimestamp(i, ((TimestampType) t).getPrecision());
    if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC")) {
      return ts.getMillisecond();
    }
    return ts.toLocalDateTime().atZone(zone).toInstant().toEpochMilli();
  }

  private interface LongField {
    long get(RowData row);
  }

  private interface BytesField {
    byte[] get(RowData row);
  }

  private static FieldEncoder integer(String name, ClickHouseType ch, LongField field) {
    int bits = ch.integerBits();
    boolean unsigned = ch.isUnsigned();
    long min = unsigned ? 0 : (bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)));
    long max = bits == 64 ? Long.MAX_VALUE : (unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1);
    int width = bits / 8;
    return (row, out) -> {
      long v = field.get(row);
      if (v < min || v > max) {
        throw new RejectedRowException(
            "value " + v + " in column " + name + " is outside the range of " + ch.text());
      }
      out.writeLE(v, width);
    };
  }

  private static FieldEncoder bytes(String name, ClickHouseType ch, BytesField field) {
    if (ch.base().equals("FixedString")) {
      int n = ch.length();
      return (row, out) -> {
        byte[] b = field.get(row);
        if (b.length > n) {
          throw new RejectedRowException(
              "value of "
                  + b.length
                  + " bytes in column "
                  + name
                  + " does not fit "
                  + ch.text()
                  + ": '"
                  + abbreviate(new String(b, StandardCharsets.UTF_8))
                  + "'");
        }
        out.write(b);
        out.writeZeros(n - b.length);
      };
    }
    return (row, out) -> {
      byte[] b = field.get(row);
      out.writeVarUInt(b.length);
      out.write(b);
    };
  }

  private static FieldEncoder decimal(String name, int i, DecimalType flink, ClickHouseType ch) {
    int p = flink.getPrecision();
    int s = flink.getScale();
    int targetPrecision = ch.precision();
    int width = targetPrecision <= 9 ? 4 : targetPrecision <= 18 ? 8 : 16;
    BigInteger limit = BigInteger.TEN.pow(targetPrecision);
    long longLimit = targetPrecision <= 18 ? limit.longValueExact() : Long.MAX_VALUE;
    return (row, out) -> {
      DecimalData d = row.getDecimal(i, p, s);
      if (d.isCompact()) {
        long u = d.toUnscaledLong();
        if (targetPrecision <= 18 && (u >= longLimit || u <= -longLimit)) {
          throw new RejectedRowException(overflow(name, d, ch));
        }
        out.writeLE(u, Math.min(width, 8));
        if (width == 16) {
          out.writeLE(u < 0 ? -1L : 0L, 8);
        }
        return;
      }
      BigInteger u = new BigInteger(d.toUnscaledBytes());
      if (u.abs().compareTo(limit) >= 0) {
        throw new RejectedRowException(overflow(name, d, ch));
      }
      byte[] be = u.toByteArray(); // big-endian two's complement, minimal length
      byte fill = (byte) (u.signum() < 0 ? -1 : 0);
      for (int k = 0; k < width; k++) {
        int from = be.length - 1 - k;
        out.writeByte(from >= 0 ? be[from] : fill);
      }
    };
  }

  private static String overflow(String name, DecimalData d, ClickHouseType ch) {
    return "value " + d + " in column " + name + " does not fit " + ch.text();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
