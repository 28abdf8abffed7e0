package io.strata.ods.decode;

import static io.strata.ods.decode.AvroTestData.TRADE_SCHEMA;
import static io.strata.ods.decode.AvroTestData.parse;
import static io.strata.ods.decode.AvroTestData.recordSchema;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroIncompatibilitiesTest {

  private static final Schema TRADE = parse(TRADE_SCHEMA);

  private static List<String> problems(String avroType, String column) {
    Schema schema = parse(recordSchema("\"name\": \"v\", \"type\": " + avroType));
    return AvroRecordDecoder.incompatibilities(schema, Columns.of("v " + column));
  }

  @Test
  void findsNothingWrongWithACompatibleSchema() {
    assertThat(
            AvroRecordDecoder.incompatibilities(
                TRADE,
                Columns.of(
                    "trade_id STRING NOT NULL",
                    "side VARCHAR(4)",
                    "quantity DECIMAL(20, 0)",
                    "price DECIMAL(18, 2)",
                    "trade_time TIMESTAMP(3)",
                    "note STRING NOT NULL")))
        .isEmpty();
  }

  @Test
  void reportsColumnsWithoutAField() {
    assertThat(
            AvroRecordDecoder.incompatibilities(
                TRADE,
                Columns.of("trade_id STRING", "venue STRING", "fee DECIMAL(18, 4) NOT NULL")))
        .containsExactly(
            "column 'venue' STRING has no field in Avro schema trading.Trade",
            "column 'fee' DECIMAL(18, 4) NOT NULL has no field in Avro schema trading.Trade");
  }

  @Test
  void reportsFieldsOfAnIncompatibleType() {
    assertThat(
            AvroRecordDecoder.incompatibilities(
                TRADE, Columns.of("trade_id BIGINT", "side BOOLEAN", "price DOUBLE")))
        .containsExactly(
            "column 'trade_id' BIGINT cannot be read from Avro type string",
            "column 'side' BOOLEAN cannot be read from Avro type enum trading.Side",
            "column 'price' DOUBLE cannot be read from Avro type decimal(18, 4) on bytes");
    assertThat(problems("\"string\"", "BIGINT"))
        .containsExactly("column 'v' BIGINT cannot be read from Avro type string");
  }

  @Test
  void allowsNullableFieldsForNotNullColumns() {
    assertThat(problems("[\"null\", \"long\"]", "BIGINT NOT NULL")).isEmpty();
    assertThat(problems("[\"long\", \"null\"]", "BIGINT")).isEmpty();
  }

  @Test
  void checksEveryBranchOfAUnion() {
    assertThat(problems("[\"null\", \"long\", \"string\"]", "BIGINT"))
        .containsExactly(
            "column 'v' BIGINT cannot be read from Avro type string in union [null, long, string]");
    assertThat(problems("\"null\"", "STRING"))
        .containsExactly("column 'v' STRING cannot be read from Avro type null");
    assertThat(problems("[\"null\"]", "STRING"))
        .containsExactly("column 'v' STRING cannot be read from Avro type union [null]");
  }

  @Test
  void refusesLossyOrAmbiguousReads() {
    assertThat(problems("\"double\"", "FLOAT")).hasSize(1);
    assertThat(problems("\"long\"", "DOUBLE")).hasSize(1);
    assertThat(problems("\"double\"", "DECIMAL(10, 2)")).hasSize(1);
    assertThat(problems("\"bytes\"", "DECIMAL(10, 2)"))
        .containsExactly("column 'v' DECIMAL(10, 2) cannot be read from Avro type bytes");
    assertThat(problems("\"int\"", "DATE")).hasSize(1);
    assertThat(problems("\"string\"", "TIMESTAMP(3)")).hasSize(1);
    assertThat(problems("{\"type\": \"int\", \"logicalType\": \"date\"}", "INT"))
        .containsExactly("column 'v' INT cannot be read from Avro type date");
    // a logical type this Avro version does not know is not taken for epoch milliseconds
    assertThat(
            problems(
                "{\"type\": \"long\", \"logicalType\": \"timestamp-nanos\"}", "TIMESTAMP_LTZ(9)"))
        .containsExactly(
            "column 'v' TIMESTAMP_LTZ(9) cannot be read from Avro type long (logical type timestamp-nanos)");
    assertThat(problems("{\"type\": \"long\", \"logicalType\": \"timestamp-nanos\"}", "BIGINT"))
        .isEmpty();
  }

  @Test
  void explainsThatLocalTimestampsHaveNoZone() {
    assertThat(
            problems(
                "{\"type\": \"long\", \"logicalType\": \"local-timestamp-millis\"}",
                "TIMESTAMP_LTZ(3)"))
        .containsExactly(
            "column 'v' TIMESTAMP_LTZ(3) cannot be read from Avro type local-timestamp-millis (it has no time zone;"
                + " declare the column TIMESTAMP(3) instead)");
  }

  @Test
  void refusesComplexFieldsAndUnsupportedColumns() {
    assertThat(problems("{\"type\": \"array\", \"items\": \"string\"}", "STRING"))
        .containsExactly("column 'v' STRING cannot be read from Avro type array<string>");
    assertThat(problems("{\"type\": \"array\", \"items\": \"string\"}", "ARRAY<STRING>"))
        .containsExactly("column 'v' ARRAY<STRING>: ARRAY is not supported in ODS columns yet");
  }

  @Test
  void requiresARecordSchema() {
    assertThat(
            AvroRecordDecoder.incompatibilities(
                Schema.create(Schema.Type.STRING), Columns.of("v STRING")))
        .containsExactly("the Avro schema must be a record, but it is string");
  }
}
