package io.strata.ods.decode;

import static io.strata.ods.decode.AvroTestData.TRADE_SCHEMA;
import static io.strata.ods.decode.AvroTestData.parse;
import static io.strata.ods.decode.AvroTestData.recordSchema;
import static io.strata.ods.decode.AvroTestData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AvroRecordDecoderTest {

  private static final Schema TRADE = parse(TRADE_SCHEMA);

  private static final RowType TRADE_COLUMNS =
      Columns.of(
          "trade_time TIMESTAMP_LTZ(3) NOT NULL",
          "trade_id STRING NOT NULL",
          "price DECIMAL(18, 4)",
          "quantity BIGINT",
          "side STRING",
          "note STRING");

  private static GenericRecord trade(String note) {
    return new GenericRecordBuilder(TRADE)
        .set("trade_id", "T-1")
        .set("side", new GenericData.EnumSymbol(TRADE.getField("side").schema(), "SELL"))
        .set("quantity", 250L)
        .set("price", new BigDecimal("101.2500"))
        .set("trade_time", Instant.parse("2026-11-23T09:30:00.123Z"))
        .set("note", note)
        .build();
  }

  /**
   * Decodes one field {@code v} of the given Avro type, written by Avro from {@code value}, into
   * column type.
   */
  private static Object value(String avroType, String column, Object value) throws DecodeException {
    Schema schema = parse(recordSchema("\"name\": \"v\", \"type\": " + avroType));
    GenericRecord record = new GenericData.Record(schema);
    record.put("v", value);
    return new AvroRecordDecoder(schema.toString(), Columns.of("v " + column))
        .decode(write(record))
        .getField(0);
  }

  private static String rejection(AvroRecordDecoder decoder, byte[] value) {
    DecodeException e = catchThrowableOfType(DecodeException.class, () -> decoder.decode(value));
    assertThat(e).as("expected a rejection").isNotNull();
    return e.getMessage();
  }

  private static String rejection(String avroType, String column, Object value) {
    Schema schema = parse(recordSchema("\"name\": \"v\", \"type\": " + avroType));
    GenericRecord record = new GenericData.Record(schema);
    record.put("v", value);
    return rejection(
        new AvroRecordDecoder(schema.toString(), Columns.of("v " + column)), write(record));
  }

  // ------------------------------------------------------------------------ round trips

  @Test
  void decodesAvroDecimalAndTimestampMillis() throws Exception {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);

    Row row = decoder.decode(write(trade("block trade")));

    assertThat(row.getKind()).isEqualTo(RowKind.INSERT);
    assertThat(row.getArity()).isEqualTo(6);
    assertThat(row.getField(0)).isEqualTo(Instant.parse("2026-11-23T09:30:00.123Z"));
    assertThat(row.getField(1)).isEqualTo("T-1");
    assertThat(row.getField(2)).isEqualTo(new BigDecimal("101.2500"));
    assertThat(((BigDecimal) row.getField(2)).scale()).isEqualTo(4);
    assertThat(row.getField(3)).isEqualTo(250L);
    assertThat(row.getField(4)).isEqualTo("SELL");
    assertThat(row.getField(5)).isEqualTo("block trade");
  }

  @Test
  void decodesNullUnionBranchAsNull() throws Exception {
    Row row = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS).decode(write(trade(null)));
    assertThat(row.getField(5)).isNull();
    assertThat(row.getField(1)).isEqualTo("T-1");
  }

  @Test
  void readsOnlyTheDeclaredColumns() throws Exception {
    Row row =
        new AvroRecordDecoder(TRADE_SCHEMA, Columns.of("note STRING", "quantity BIGINT"))
            .decode(write(trade("n")));
    assertThat(row).isEqualTo(Row.of("n", 250L));
  }

  @Test
  void decodesEveryAvroPrimitive() throws Exception {
    assertThat(value("\"boolean\"", "BOOLEAN", true)).isEqualTo(true);
    assertThat(value("\"int\"", "INT", -42)).isEqualTo(-42);
    assertThat(value("\"int\"", "SMALLINT", 300)).isEqualTo((short) 300);
    assertThat(value("\"int\"", "TINYINT", -5)).isEqualTo((byte) -5);
    assertThat(value("\"long\"", "BIGINT", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(value("\"float\"", "FLOAT", 1.5f)).isEqualTo(1.5f);
    assertThat(value("\"double\"", "DOUBLE", Math.PI)).isEqualTo(Math.PI);
    assertThat(value("\"double\"", "DOUBLE", Double.NaN)).isEqualTo(Double.NaN);
    assertThat(value("\"string\"", "STRING", "héllo \uD83D\uDE00")).isEqualTo("héllo \uD83D\uDE00");
    assertThat(value("\"string\"", "STRING", "")).isEqualTo("");
    assertThat(value("\"bytes\"", "BYTES", ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isEqualTo(new byte[] {1, 2, 3});
    Schema fixed = Schema.createFixed("Hash", null, "test", 4);
    assertThat(
            value(
                "{\"type\": \"fixed\", \"name\": \"Hash\", \"size\": 4}",
                "BINARY(4)",
                new GenericData.Fixed(fixed, new byte[] {9, 8, 7, 6})))
        .isEqualTo(new byte[] {9, 8, 7, 6});
    Schema side =
        parse("{\"type\": \"enum\", \"name\": \"Side\", \"symbols\": [\"BUY\", \"SELL\"]}");
    assertThat(
            value(
                "{\"type\": \"enum\", \"name\": \"Side\", \"symbols\": [\"BUY\", \"SELL\"]}",
                "STRING",
                new GenericData.EnumSymbol(side, "BUY")))
        .isEqualTo("BUY");
    assertThat(
            value(
                "{\"type\": \"string\", \"logicalType\": \"uuid\"}",
                "STRING",
                "123e4567-e89b-12d3-a456-426614174000"))
        .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void decodesAvroLogicalTypes() throws Exception {
    assertThat(
            value(
                "{\"type\": \"int\", \"logicalType\": \"date\"}",
                "DATE",
                LocalDate.of(2026, 11, 23)))
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(
            value(
                "{\"type\": \"int\", \"logicalType\": \"time-millis\"}",
                "TIME(3)",
                LocalTime.of(9, 30, 0, 123_000_000)))
        .isEqualTo(LocalTime.of(9, 30, 0, 123_000_000));
    assertThat(
            value(
                "{\"type\": \"long\", \"logicalType\": \"time-micros\"}",
                "TIME(3)",
                LocalTime.of(23, 59, 59, 999_000_000)))
        .isEqualTo(LocalTime.of(23, 59, 59, 999_000_000));
    assertThat(
            value(
                "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}",
                "TIMESTAMP_LTZ(6)",
                Instant.parse("2026-11-23T09:30:00.123456Z")))
        .isEqualTo(Instant.parse("2026-11-23T09:30:00.123456Z"));
    assertThat(
            value(
                "{\"type\": \"long\", \"logicalType\": \"local-timestamp-millis\"}",
                "TIMESTAMP(3)",
                LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000)))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000));
    assertThat(
            value(
                "{\"type\": \"long\", \"logicalType\": \"local-timestamp-micros\"}",
                "TIMESTAMP(6)",
                LocalDateTime.of(1960, 1, 2, 3, 4, 5, 6_000)))
        .isEqualTo(LocalDateTime.of(1960, 1, 2, 3, 4, 5, 6_000));
    assertThat(
            value(
                "{\"type\": \"fixed\", \"name\": \"Money\", \"size\": 8, \"logicalType\": \"decimal\","
                    + " \"precision\": 18, \"scale\": 2}",
                "DECIMAL(18, 2)",
                new BigDecimal("-12345.67")))
        .isEqualTo(new BigDecimal("-12345.67"));
    assertThat(
            value(
                "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 38, \"scale\": 0}",
                "DECIMAL(38, 0)",
                new BigDecimal("-12345678901234567890123456789012345678")))
        .isEqualTo(new BigDecimal("-12345678901234567890123456789012345678"));
  }

  @Test
  void readsInstantsAndPlainLongsAsUtcEpochMillis() throws Exception {
    assertThat(
            value(
                "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}",
                "TIMESTAMP(3)",
                Instant.parse("2026-11-23T09:30:00.123Z")))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000));
    long millis = Instant.parse("2026-11-23T09:30:00.123Z").toEpochMilli();
    assertThat(value("\"long\"", "TIMESTAMP_LTZ(3)", millis))
        .isEqualTo(Instant.ofEpochMilli(millis));
    assertThat(value("\"long\"", "TIMESTAMP(3)", millis))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000));
  }

  @Test
  void widensAvroNumbersWithoutLoss() throws Exception {
    assertThat(value("\"int\"", "BIGINT", 7)).isEqualTo(7L);
    assertThat(value("\"int\"", "DOUBLE", Integer.MIN_VALUE)).isEqualTo((double) Integer.MIN_VALUE);
    assertThat(value("\"float\"", "DOUBLE", 0.1f)).isEqualTo((double) 0.1f);
    assertThat(value("\"int\"", "DECIMAL(10, 2)", 5)).isEqualTo(new BigDecimal("5.00"));
    assertThat(value("\"long\"", "DECIMAL(20, 0)", Long.MAX_VALUE))
        .isEqualTo(new BigDecimal(Long.MAX_VALUE));
    assertThat(value("\"long\"", "INT", 5L)).isEqualTo(5);
  }

  @Test
  void rejectsAvroIntegersOutOfRangeForTheColumn() {
    assertThat(rejection("\"long\"", "INT", 3_000_000_000L))
        .isEqualTo("column 'v': expected INT, got 3000000000 (out of range for INT)");
    assertThat(rejection("\"int\"", "TINYINT", 200))
        .isEqualTo("column 'v': expected TINYINT, got 200 (out of range for TINYINT)");
    assertThat(rejection("\"long\"", "DECIMAL(5, 2)", 1000L))
        .isEqualTo(
            "column 'v': expected DECIMAL(5, 2), got 1000 (more than 3 digits before the decimal point)");
  }

  @Test
  void rescalesAvroDecimalToTheColumnScaleWhenExact() throws Exception {
    String avro6 =
        "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 20, \"scale\": 6}";
    assertThat(value(avro6, "DECIMAL(18, 4)", new BigDecimal("1.234500")))
        .isEqualTo(new BigDecimal("1.2345"));
    String avro2 =
        "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}";
    assertThat(value(avro2, "DECIMAL(18, 4)", new BigDecimal("12.50")))
        .isEqualTo(new BigDecimal("12.5000"));
  }

  @Test
  void rejectsAvroDecimalThatWouldLoseDigits() {
    String avro6 =
        "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 20, \"scale\": 6}";
    assertThat(rejection(avro6, "DECIMAL(18, 4)", new BigDecimal("1.234567")))
        .isEqualTo(
            "column 'v': expected DECIMAL(18, 4), got 1.234567 (more than 4 digits after the decimal point)");
    assertThat(rejection(avro6, "DECIMAL(6, 4)", new BigDecimal("123.000000")))
        .isEqualTo(
            "column 'v': expected DECIMAL(6, 4), got 123.000000 (more than 2 digits before the decimal point)");
  }

  @Test
  void rejectsAvroTimestampsThatDoNotFitTheColumn() {
    assertThat(
            rejection(
                "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}",
                "TIMESTAMP_LTZ(3)",
                Instant.parse("2026-11-23T09:30:00.123456Z")))
        .isEqualTo(
            "column 'v': expected TIMESTAMP_LTZ(3), got 1795426200123456 (epoch microseconds) (more than 3"
                + " fractional second digits)");
    assertThat(rejection("\"long\"", "TIMESTAMP_LTZ(3)", 1_763_890_200_123_456L))
        .isEqualTo(
            "column 'v': expected TIMESTAMP_LTZ(3), got 1763890200123456 (epoch milliseconds) (out of range:"
                + " TIMESTAMP_LTZ(3) holds years 0000 to 9999)");
    assertThat(
            rejection(
                "{\"type\": \"int\", \"logicalType\": \"date\"}",
                "DATE",
                LocalDate.of(10000, 1, 1)))
        .isEqualTo(
            "column 'v': expected DATE, got 2932897 (days since 1970-01-01) (out of range: DATE holds years 0000"
                + " to 9999)");
    assertThat(
            rejection(
                "{\"type\": \"int\", \"logicalType\": \"time-millis\"}",
                "TIME(0)",
                LocalTime.of(1, 2, 3, 4_000_000)))
        .isEqualTo(
            "column 'v': expected TIME(0), got 3723004 (milliseconds of the day) (has a fraction of a second,"
                + " but TIME(0) holds whole seconds)");
  }

  @Test
  void rejectsStringsAndBytesLongerThanTheColumn() {
    assertThat(rejection("\"string\"", "VARCHAR(3)", "abcd"))
        .isEqualTo("column 'v': expected VARCHAR(3), got \"abcd\" (longer than 3 characters)");
    assertThat(rejection("\"bytes\"", "VARBINARY(2)", ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .isEqualTo("column 'v': expected VARBINARY(2), got 3 bytes (longer than 2 bytes)");
  }

  // ------------------------------------------------------------------------ unions and nulls

  @Test
  void rejectsAvroNullForNotNullColumn() {
    AvroRecordDecoder decoder =
        new AvroRecordDecoder(TRADE_SCHEMA, Columns.of("trade_id STRING", "note STRING NOT NULL"));
    assertThat(rejection(decoder, write(trade(null))))
        .isEqualTo("column 'note' is NOT NULL but the record has no value");
  }

  @Test
  void readsEachBranchOfAMultiTypeUnion() throws Exception {
    String union = "[\"null\", \"int\", \"long\"]";
    assertThat(value(union, "BIGINT", 5)).isEqualTo(5L);
    assertThat(value(union, "BIGINT", 5_000_000_000L)).isEqualTo(5_000_000_000L);
    assertThat(value(union, "BIGINT", null)).isNull();
    assertThat(value("[\"string\", \"null\"]", "STRING NOT NULL", "x")).isEqualTo("x");
  }

  // ------------------------------------------------------------------------ skipping

  private static final String EVERYTHING_SCHEMA =
      recordSchema(
          "\"name\": \"flag\", \"type\": \"boolean\"",
          "\"name\": \"f\", \"type\": \"float\"",
          "\"name\": \"d\", \"type\": \"double\"",
          "\"name\": \"raw\", \"type\": \"bytes\"",
          "\"name\": \"h\", \"type\": {\"type\": \"fixed\", \"name\": \"H\", \"size\": 3}",
          "\"name\": \"e\", \"type\": {\"type\": \"enum\", \"name\": \"E\", \"symbols\": [\"A\", \"B\", \"C\"]}",
          "\"name\": \"legs\", \"type\": {\"type\": \"array\", \"items\": {\"type\": \"record\", \"name\": \"Leg\","
              + " \"fields\": [{\"name\": \"venue\", \"type\": \"string\"}, {\"name\": \"qty\", \"type\": \"long\"}]}}",
          "\"name\": \"tags\", \"type\": {\"type\": \"map\", \"values\": [\"null\", \"string\"]}",
          "\"name\": \"nulls\", \"type\": {\"type\": \"array\", \"items\": \"null\"}",
          "\"name\": \"nested\", \"type\": {\"type\": \"record\", \"name\": \"Nested\", \"fields\": [{\"name\": \"inner\","
              + " \"type\": {\"type\": \"array\", \"items\": {\"type\": \"map\", \"values\": \"int\"}}}]}",
          "\"name\": \"list\", \"type\": {\"type\": \"record\", \"name\": \"Node\", \"fields\": [{\"name\": \"value\","
              + " \"type\": \"int\"}, {\"name\": \"next\", \"type\": [\"null\", \"Node\"]}]}",
          "\"name\": \"id\", \"type\": \"string\"");

  private static GenericRecord everything(Schema schema) {
    Schema leg = schema.getField("legs").schema().getElementType();
    Schema nested = schema.getField("nested").schema();
    Schema node = schema.getField("list").schema();
    GenericRecord tail = new GenericRecordBuilder(node).set("value", 2).set("next", null).build();
    GenericRecord head = new GenericRecordBuilder(node).set("value", 1).set("next", tail).build();
    return new GenericRecordBuilder(schema)
        .set("flag", true)
        .set("f", 1.5f)
        .set("d", -2.5)
        .set("raw", ByteBuffer.wrap(new byte[300]))
        .set("h", new GenericData.Fixed(schema.getField("h").schema(), new byte[] {1, 2, 3}))
        .set("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "C"))
        .set(
            "legs",
            List.of(
                new GenericRecordBuilder(leg).set("venue", "XNYS").set("qty", 10L).build(),
                new GenericRecordBuilder(leg).set("venue", "XLON").set("qty", 20L).build()))
        .set("tags", Map.of("a", "1", "b", "2", "none", "x"))
        .set("nulls", Arrays.asList(null, null, null))
        .set(
            "nested",
            new GenericRecordBuilder(nested)
                .set("inner", List.of(Map.of("k", 1), Map.of()))
                .build())
        .set("list", head)
        .set("id", "after-everything")
        .build();
  }

  @Test
  void skipsFieldsOfEveryAvroTypeThatAreNotColumns() throws Exception {
    Schema schema = parse(EVERYTHING_SCHEMA);
    AvroRecordDecoder decoder =
        new AvroRecordDecoder(EVERYTHING_SCHEMA, Columns.of("id STRING NOT NULL"));
    assertThat(decoder.decode(write(everything(schema), false)))
        .isEqualTo(Row.of("after-everything"));
    // arrays and maps written as blocks prefixed with their byte size
    assertThat(decoder.decode(write(everything(schema), true)))
        .isEqualTo(Row.of("after-everything"));
  }

  // ------------------------------------------------------------------------ corrupt data

  @Test
  void rejectsTruncatedAvro() {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    byte[] full = write(trade("a note"));
    for (int length = 0; length < full.length; length++) {
      byte[] prefix = Arrays.copyOf(full, length);
      assertThat(rejection(decoder, prefix))
          .as("prefix of %d bytes", length)
          .startsWith("not a valid Avro record for schema trading.Trade: field '");
    }
    assertThat(rejection(decoder, Arrays.copyOf(full, full.length - 1)))
        .isEqualTo(
            "not a valid Avro record for schema trading.Trade: field 'note': length 6 at byte "
                + (full.length - 7)
                + " is more than the 5 bytes left");
    byte[] withoutNote = write(trade(null));
    assertThat(rejection(decoder, Arrays.copyOf(withoutNote, withoutNote.length - 1)))
        .isEqualTo(
            "not a valid Avro record for schema trading.Trade: field 'note': the data ends too early (after "
                + (withoutNote.length - 1)
                + " bytes)");
  }

  @Test
  void rejectsTruncatedAvroInSkippedFields() {
    AvroRecordDecoder decoder = new AvroRecordDecoder(EVERYTHING_SCHEMA, Columns.of("id STRING"));
    byte[] full = write(everything(parse(EVERYTHING_SCHEMA)));
    for (int length = 0; length < full.length; length++) {
      assertThat(rejection(decoder, Arrays.copyOf(full, length)))
          .startsWith("not a valid Avro record for schema test.R: ");
    }
  }

  @Test
  void rejectsTrailingBytesAfterACompleteRecord() {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    byte[] full = write(trade(null));
    byte[] padded = Arrays.copyOf(full, full.length + 3);
    assertThat(rejection(decoder, padded))
        .isEqualTo(
            "not a valid Avro record for schema trading.Trade: 3 unexpected bytes after the end of the record (it"
                + " ends at byte "
                + full.length
                + " of "
                + padded.length
                + ")");
  }

  @Test
  void rejectsNullAndEmptyValues() {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    assertThat(rejection(decoder, null)).isEqualTo("the record has no value (null)");
    assertThat(rejection(decoder, new byte[0]))
        .isEqualTo(
            "not a valid Avro record for schema trading.Trade: field 'trade_id': the data ends too early (after 0"
                + " bytes)");
  }

  @Test
  @Timeout(5)
  void rejectsAHugeLengthWithoutAllocatingIt() {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    // trade_id length 2^30 (zig-zag varint), followed by 3 bytes
    byte[] value = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'a', 'b', 'c'};
    assertThat(rejection(decoder, value))
        .isEqualTo(
            "not a valid Avro record for schema trading.Trade: field 'trade_id': length 1073741824 at byte 0 is"
                + " more than the 3 bytes left");
    byte[] negative = {0x01};
    assertThat(rejection(decoder, negative)).contains("negative length -1 at byte 0");
  }

  @Test
  @Timeout(5)
  void rejectsAHugeArrayCountWithoutLooping() {
    String schema =
        recordSchema(
            "\"name\": \"xs\", \"type\": {\"type\": \"array\", \"items\": \"long\"}",
            "\"name\": \"id\", \"type\": \"string\"");
    AvroRecordDecoder decoder = new AvroRecordDecoder(schema, Columns.of("id STRING"));
    byte[] value = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0};
    assertThat(rejection(decoder, value))
        .contains("field 'xs'")
        .contains("cannot fit in the bytes left");
  }

  @Test
  void rejectsBytesThatAvroWritersNeverProduce() {
    AvroRecordDecoder booleans =
        new AvroRecordDecoder(
            recordSchema("\"name\": \"b\", \"type\": \"boolean\""), Columns.of("b BOOLEAN"));
    assertThat(rejection(booleans, new byte[] {2}))
        .isEqualTo(
            "not a valid Avro record for schema test.R: field 'b': byte 0 should be a boolean (0 or 1) but is 2");

    AvroRecordDecoder unions =
        new AvroRecordDecoder(
            recordSchema("\"name\": \"u\", \"type\": [\"null\", \"string\"]"),
            Columns.of("u STRING"));
    assertThat(rejection(unions, new byte[] {4}))
        .isEqualTo(
            "not a valid Avro record for schema test.R: field 'u': union branch index 2 at byte 0 is not between 0"
                + " and 1");
    assertThat(rejection(unions, new byte[] {1})).contains("union branch index -1");

    AvroRecordDecoder enums =
        new AvroRecordDecoder(
            recordSchema(
                "\"name\": \"e\", \"type\": {\"type\": \"enum\", \"name\": \"Side\", \"symbols\": [\"BUY\"]}"),
            Columns.of("e STRING"));
    assertThat(rejection(enums, new byte[] {2}))
        .contains("enum test.Side symbol index 1 at byte 0 is not between 0 and 0");

    AvroRecordDecoder ints =
        new AvroRecordDecoder(
            recordSchema("\"name\": \"i\", \"type\": \"int\""), Columns.of("i INT"));
    assertThat(
            rejection(
                ints, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x1f}))
        .contains("invalid int encoding at byte 0");
    assertThat(
            rejection(
                ints,
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}))
        .contains("invalid int encoding at byte 0");
  }

  @Test
  void rejectsStringsThatAreNotUtf8() {
    AvroRecordDecoder decoder =
        new AvroRecordDecoder(
            recordSchema("\"name\": \"s\", \"type\": \"string\""), Columns.of("s STRING"));
    assertThat(rejection(decoder, new byte[] {4, (byte) 0xC3, (byte) 0x28}))
        .isEqualTo("column 's': the Avro string is not valid UTF-8");
    // a real U+FFFD in the data is fine
    assertThat(
            catchThrowableOfType(
                DecodeException.class,
                () -> decoder.decode(new byte[] {6, (byte) 0xEF, (byte) 0xBF, (byte) 0xBD})))
        .isNull();
  }

  @Test
  void reportsCorruptionRatherThanTheValueItProduced() {
    // quantity does not fit TINYINT, but the record then runs out: the reason given is the
    // corruption
    AvroRecordDecoder decoder =
        new AvroRecordDecoder(TRADE_SCHEMA, Columns.of("trade_id STRING", "quantity TINYINT"));
    assertThat(rejection(decoder, write(trade(null)))).contains("out of range for TINYINT");
    byte[] full = write(trade(null));
    byte[] cut = Arrays.copyOf(full, 9);
    assertThat(rejection(decoder, cut)).startsWith("not a valid Avro record");
  }

  @Test
  @Timeout(30)
  void neverFailsOtherwiseThanWithAReasonOnRandomCorruption() {
    Random random = new Random(42);
    AvroRecordDecoder trades = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    AvroRecordDecoder everything =
        new AvroRecordDecoder(EVERYTHING_SCHEMA, Columns.of("id STRING"));
    byte[][] originals = {
      write(trade("note")),
      write(everything(parse(EVERYTHING_SCHEMA)), false),
      write(everything(parse(EVERYTHING_SCHEMA)), true)
    };
    for (int i = 0; i < 30_000; i++) {
      byte[] original = originals[i % originals.length];
      byte[] mutated = original.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      AvroRecordDecoder decoder = i % originals.length == 0 ? trades : everything;
      try {
        decoder.decode(mutated);
      } catch (DecodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      try {
        decoder.decode(noise);
      } catch (DecodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  // ------------------------------------------------------------------------ lifecycle

  @Test
  void survivesJavaSerialization() throws Exception {
    AvroRecordDecoder decoder = new AvroRecordDecoder(TRADE_SCHEMA, TRADE_COLUMNS);
    decoder.decode(write(trade("warm-up")));

    AvroRecordDecoder copy = Columns.roundTrip(decoder);

    assertThat(copy.decode(write(trade("after shipping"))).getField(5)).isEqualTo("after shipping");
    assertThat(rejection(copy, new byte[] {1}))
        .startsWith("not a valid Avro record for schema trading.Trade");
  }

  @Test
  void refusesASchemaThatCannotFeedTheColumns() {
    assertThatThrownBy(
            () ->
                new AvroRecordDecoder(TRADE_SCHEMA, Columns.of("quantity BIGINT", "venue STRING")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Avro schema trading.Trade cannot feed the columns: column 'venue' STRING has no field in Avro"
                + " schema trading.Trade");
    assertThatThrownBy(
            () -> new AvroRecordDecoder("{\"type\": \"record\", \"name\": ", TRADE_COLUMNS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid Avro schema: ");
  }
}
