package io.strata.ods.decode;

import static io.strata.ods.decode.Columns.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.table.types.logical.NullType;
import org.apache.flink.table.types.logical.RawType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CHAR(3)",
        "VARCHAR(10)",
        "STRING",
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INT",
        "BIGINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL(18, 4)",
        "DECIMAL(38, 0)",
        "DATE",
        "TIME",
        "TIME(3)",
        "TIMESTAMP(0)",
        "TIMESTAMP(3)",
        "TIMESTAMP(9)",
        "TIMESTAMP_LTZ(3)",
        "TIMESTAMP_LTZ(6)",
        "BINARY(4)",
        "VARBINARY(8)",
        "BYTES",
        "INT NOT NULL",
        "DECIMAL(18, 4) NOT NULL"
      })
  void acceptsScalarTypes(String sql) {
    assertThat(ColumnTypes.unsupportedReason(type(sql))).isNull();
  }

  @Test
  void explainsWhyNestedTypesAreNotSupported() {
    assertThat(ColumnTypes.unsupportedReason(type("ARRAY<STRING>")))
        .isEqualTo("ARRAY is not supported in ODS columns yet");
    assertThat(ColumnTypes.unsupportedReason(type("MAP<STRING, INT>")))
        .isEqualTo("MAP is not supported in ODS columns yet");
    assertThat(ColumnTypes.unsupportedReason(type("ROW<a INT>")))
        .isEqualTo("ROW is not supported in ODS columns yet");
    assertThat(ColumnTypes.unsupportedReason(type("MULTISET<INT>")))
        .isEqualTo("MULTISET is not supported in ODS columns yet");
  }

  @Test
  void explainsOtherUnsupportedTypes() {
    assertThat(ColumnTypes.unsupportedReason(type("TIMESTAMP(3) WITH TIME ZONE")))
        .contains("TIMESTAMP_LTZ");
    assertThat(ColumnTypes.unsupportedReason(type("INTERVAL DAY"))).contains("INTERVAL");
    assertThat(ColumnTypes.unsupportedReason(new NullType())).contains("NULL");
    assertThat(
            ColumnTypes.unsupportedReason(new RawType<>(String.class, StringSerializer.INSTANCE)))
        .contains("RAW");
    assertThat(ColumnTypes.unsupportedReason(null)).isNotNull();
  }

  @Test
  void rejectsTimeFinerThanMillisecondsBecauseFlinkWouldTruncateIt() {
    assertThat(ColumnTypes.unsupportedReason(type("TIME(6)")))
        .isEqualTo(
            "TIME(6) is not supported: Flink keeps TIME values in milliseconds, so use TIME(3) or less");
  }

  @Test
  void decodersRefuseUnsupportedColumnsWhenCreated() {
    assertThatThrownBy(() -> new JsonRecordDecoder(Columns.of("id STRING", "tags ARRAY<STRING>")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'tags' ARRAY<STRING>: ARRAY is not supported in ODS columns yet");
  }
}
