package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.junit.jupiter.api.Test;

class ClickHouseTypeMappingTest {

  @Test
  void mapsFlinkTypesToTypesThatExistOnClickHouse1816() {
    assertThat(ch("BOOLEAN NOT NULL")).isEqualTo("UInt8");
    assertThat(ch("TINYINT NOT NULL")).isEqualTo("Int8");
    assertThat(ch("SMALLINT NOT NULL")).isEqualTo("Int16");
    assertThat(ch("INT NOT NULL")).isEqualTo("Int32");
    assertThat(ch("BIGINT NOT NULL")).isEqualTo("Int64");
    assertThat(ch("FLOAT NOT NULL")).isEqualTo("Float32");
    assertThat(ch("DOUBLE NOT NULL")).isEqualTo("Float64");
    assertThat(ch("DECIMAL(18, 4) NOT NULL")).isEqualTo("Decimal(18, 4)");
    assertThat(ch("DECIMAL(38, 10) NOT NULL")).isEqualTo("Decimal(38, 10)");
    assertThat(ch("STRING NOT NULL")).isEqualTo("String");
    assertThat(ch("BYTES NOT NULL")).isEqualTo("String");
    assertThat(ch("DATE NOT NULL")).isEqualTo("Date");
  }

  @Test
  void storesMillisecondTimestampsAsInt64EpochMillisBecause1816HasNoDateTime64() {
    assertThat(ch("TIMESTAMP(3) NOT NULL")).isEqualTo("Int64");
    assertThat(ch("TIMESTAMP_LTZ(3) NOT NULL")).isEqualTo("Int64");
  }

  @Test
  void nullableFlinkTypesBecomeNullableColumns() {
    assertThat(ch("DECIMAL(18, 4)")).isEqualTo("Nullable(Decimal(18, 4))");
    assertThat(ch("STRING")).isEqualTo("Nullable(String)");
    assertThat(ch("TIMESTAMP_LTZ(3)")).isEqualTo("Nullable(Int64)");
  }

  @Test
  void rejectsNestedTypesWithAnActionableMessage() {
    assertThatThrownBy(() -> ch("ARRAY<INT>"))
        .hasMessageContaining("ARRAY<INT> cannot be written to ClickHouse")
        .hasMessageContaining("cast it in the layer's columns");
  }

  @Test
  void acceptsNarrowerButCompatibleExistingColumns() {
    assertThat(incompatibility("DECIMAL(18, 4)", "Decimal(9, 4)")).isNull();
    assertThat(incompatibility("DECIMAL(18, 4)", "Nullable(Decimal(38, 4))")).isNull();
    assertThat(incompatibility("BIGINT", "Int16")).isNull();
    assertThat(incompatibility("STRING", "FixedString(3)")).isNull();
    assertThat(incompatibility("STRING", "LowCardinality(String)")).isNull();
    assertThat(incompatibility("TIMESTAMP_LTZ(3)", "UInt64")).isNull();
  }

  @Test
  void explainsIncompatibleExistingColumns() {
    assertThat(incompatibility("DECIMAL(18, 4)", "Decimal(18, 2)"))
        .isEqualTo(
            "is Decimal(18, 2) in ClickHouse but DECIMAL(18, 4) in the layer; expected Decimal(18, 4)"
                + " or Nullable(Decimal(18, 4)) (the scale must be 4)");
    assertThat(incompatibility("TIMESTAMP_LTZ(3) NOT NULL", "DateTime"))
        .isEqualTo(
            "is DateTime in ClickHouse but TIMESTAMP_LTZ(3) NOT NULL in the layer; expected Int64");
    assertThat(incompatibility("BIGINT", "String"))
        .startsWith("is String in ClickHouse but BIGINT in the layer");
  }

  @Test
  void parsesTypesAsTheServerPrintsThem() {
    ClickHouseType t = ClickHouseType.parse("Nullable(Decimal(18, 4))");
    assertThat(t.base()).isEqualTo("Decimal");
    assertThat(t.nullable()).isTrue();
    assertThat(t.precision()).isEqualTo(18);
    assertThat(t.scale()).isEqualTo(4);
    assertThat(ClickHouseType.parse("Decimal64(2)").canonical()).isEqualTo("Decimal(18, 2)");
    assertThat(ClickHouseType.parse("FixedString(8)").length()).isEqualTo(8);
    assertThat(ClickHouseType.parse("DateTime('UTC')").base()).isEqualTo("DateTime");
    assertThat(ClickHouseType.parse("Nullable(Int64)").notNull().canonical()).isEqualTo("Int64");
  }

  private static String ch(String flink) {
    return ClickHouseTypeMapping.forFlink(parse(flink)).canonical();
  }

  private static String incompatibility(String flink, String clickHouse) {
    return ClickHouseTypeMapping.incompatibility(parse(flink), ClickHouseType.parse(clickHouse));
  }

  private static LogicalType parse(String flink) {
    return LogicalTypeParser.parse(flink, ClickHouseTypeMappingTest.class.getClassLoader());
  }
}
