package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.connectors.clickhouse.RowBinaryRowEncoder.RejectedRowException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

class RowBinaryRowEncoderTest {

  @Test
  void encodesRowBinaryWithNullableMarkersDecimalsAndEpochMillisVersion() throws Exception {
    RowBinaryRowEncoder encoder =
        encoder(
            List.of("id", "name", "amount", "at"),
            List.of("BIGINT NOT NULL", "STRING", "DECIMAL(18, 4)", "TIMESTAMP_LTZ(3) NOT NULL"),
            Map.of(
                "id",
                "Int64",
                "name",
                "Nullable(String)",
                "amount",
                "Decimal(18, 4)",
                "at",
                "Int64",
                "_version",
                "UInt64"),
            "at");
    RowBinaryBuffer out = new RowBinaryBuffer(64);
    long version =
        encoder.encode(
            GenericRowData.of(
                7L,
                StringData.fromString("ab"),
                DecimalData.fromBigDecimal(new BigDecimal("1.5"), 18, 4),
                TimestampData.fromEpochMillis(1000L)),
            out);
    assertThat(version).as("the _version written, for the latency").isEqualTo(1000L);
    assertThat(encoder.versionIsEpochMillis()).isTrue();

    assertThat(HexFormat.of().formatHex(out.toByteArray()))
        .isEqualTo(
            "0700000000000000" // id Int64 LE
                + "00"
                + "02"
                + "6162" // name: not null, length 2, "ab"
                + "983a000000000000" // amount 15000 (scale 4) as Int64 LE
                + "e803000000000000" // at: 1000 ms
                + "e803000000000000"); // _version = at
    assertThat(encoder.insertColumns()).containsExactly("id", "name", "amount", "at", "_version");
  }

  @Test
  void encodesWideDecimalsAsInt128AndNarrowOnesAsInt32() throws Exception {
    RowBinaryRowEncoder encoder =
        encoder(
            List.of("a", "b"),
            List.of("DECIMAL(38, 2) NOT NULL", "DECIMAL(18, 2) NOT NULL"),
            Map.of("a", "Decimal(38, 2)", "b", "Decimal(9, 2)", "_version", "UInt64"),
            null);
    RowBinaryBuffer out = new RowBinaryBuffer(64);
    encoder.encode(
        GenericRowData.of(
            DecimalData.fromBigDecimal(new BigDecimal("-1.00"), 38, 2),
            DecimalData.fromBigDecimal(new BigDecimal("2.55"), 18, 2)),
        out);

    assertThat(HexFormat.of().formatHex(out.toByteArray()))
        .isEqualTo(
            "9cffffffffffffffffffffffffffffff" // -100 as Int128 LE
                + "ff000000" // 255 as Int32 LE
                + "0000000000000000"); // no version column: 0
  }

  @Test
  void refusesRowsTheTableCannotHoldAndLeavesTheBufferAsItWas() throws Exception {
    RowBinaryRowEncoder encoder =
        encoder(
            List.of("id", "name", "amount", "code", "units"),
            List.of("BIGINT NOT NULL", "STRING", "DECIMAL(18, 4)", "STRING", "INT"),
            Map.of(
                "id",
                "Int64",
                "name",
                "String",
                "amount",
                "Decimal(9, 4)",
                "code",
                "FixedString(3)",
                "units",
                "UInt8",
                "_version",
                "UInt64"),
            null);
    RowBinaryBuffer out = new RowBinaryBuffer(64);
    encoder.encode(row(1, "x", "1.0", "AB", 200), out);
    int good = out.size();

    assertThat(refusal(encoder, row(2, null, "1.0", "AB", 1), out))
        .isEqualTo("null in column name, which is String (not Nullable) in ClickHouse");
    assertThat(refusal(encoder, row(3, "x", "123456.0", "AB", 1), out))
        .isEqualTo("value 123456.0000 in column amount does not fit Decimal(9, 4)");
    assertThat(refusal(encoder, row(4, "x", "1.0", "ABCD", 1), out))
        .isEqualTo("value of 4 bytes in column code does not fit FixedString(3): 'ABCD'");
    assertThat(refusal(encoder, row(5, "x", "1.0", "AB", -1), out))
        .isEqualTo("value -1 in column units is outside the range of UInt8");
    assertThat(out.size()).isEqualTo(good);

    Map<String, String> described = new LinkedHashMap<>();
    described.put("id", "2");
    described.put("name", null);
    described.put("amount", "1.0000");
    described.put("code", "AB");
    described.put("units", "1");
    assertThat(encoder.describe(row(2, null, "1.0", "AB", 1))).isEqualTo(described);
  }

  @Test
  void padsFixedStringsWithZeros() throws Exception {
    RowBinaryRowEncoder encoder =
        encoder(
            List.of("c"),
            List.of("STRING NOT NULL"),
            Map.of("c", "FixedString(4)", "_version", "UInt64"),
            null);
    RowBinaryBuffer out = new RowBinaryBuffer(16);
    encoder.encode(GenericRowData.of(StringData.fromString("AB")), out);
    assertThat(HexFormat.of().formatHex(out.toByteArray())).startsWith("41420000");
  }

  @Test
  void refusesAnIncompatibleTableUpFront() {
    assertThatThrownBy(
            () ->
                encoder(
                    List.of("id", "price"),
                    List.of("BIGINT NOT NULL", "DECIMAL(18, 4)"),
                    Map.of("id", "String", "_version", "UInt32"),
                    null))
        .hasMessageContaining("column id is String in ClickHouse but BIGINT NOT NULL in the layer")
        .hasMessageContaining("column price is missing in ClickHouse")
        .hasMessageContaining("column _version must be UInt64 (is UInt32)");
  }

  private static GenericRowData row(long id, String name, String amount, String code, int units) {
    return GenericRowData.of(
        id,
        name == null ? null : StringData.fromString(name),
        DecimalData.fromBigDecimal(new BigDecimal(amount), 18, 4),
        StringData.fromString(code),
        units);
  }

  private static String refusal(
      RowBinaryRowEncoder encoder, GenericRowData row, RowBinaryBuffer out) {
    try {
      encoder.encode(row, out);
      return null;
    } catch (RejectedRowException e) {
      return e.getMessage();
    }
  }

  private static RowBinaryRowEncoder encoder(
      List<String> names, List<String> flinkTypes, Map<String, String> target, String version) {
    List<LogicalType> types =
        flinkTypes.stream()
            .map(t -> LogicalTypeParser.parse(t, RowBinaryRowEncoderTest.class.getClassLoader()))
            .toList();
    Map<String, ClickHouseType> ch = new LinkedHashMap<>();
    target.forEach((k, v) -> ch.put(k, ClickHouseType.parse(v)));
    return new RowBinaryRowEncoder(names, types, ch, version, ZoneId.of("UTC"));
  }
}
