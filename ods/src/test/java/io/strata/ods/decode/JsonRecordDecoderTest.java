package io.strata.ods.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordDecoderTest {

  private static Row decode(RowType columns, String json) throws DecodeException {
    return new JsonRecordDecoder(columns).decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Object value(String column, String jsonValue) throws DecodeException {
    Row row = decode(Columns.of("v " + column), "{\"v\": " + jsonValue + "}");
    return row.getField(0);
  }

  private static String rejection(RowType columns, byte[] value) {
    DecodeException e =
        catchThrowableOfType(
            DecodeException.class, () -> new JsonRecordDecoder(columns).decode(value));
    assertThat(e).as("expected a rejection").isNotNull();
    assertThat(e.getStackTrace()).isEmpty();
    return e.getMessage();
  }

  private static String rejection(RowType columns, String json) {
    return rejection(columns, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String rejection(String column, String jsonValue) {
    return rejection(Columns.of("v " + column), "{\"v\": " + jsonValue + "}");
  }

  // ------------------------------------------------------------------------ rows

  @Test
  void decodesAllColumnTypesIntoAPositionalInsertRow() throws Exception {
    RowType columns =
        Columns.of(
            "id STRING",
            "code CHAR(3)",
            "active BOOLEAN",
            "tiny TINYINT",
            "small SMALLINT",
            "qty INT",
            "big BIGINT",
            "ratio FLOAT",
            "score DOUBLE",
            "price DECIMAL(18, 4)",
            "trade_date DATE",
            "trade_clock TIME(3)",
            "trade_local TIMESTAMP(3)",
            "trade_time TIMESTAMP_LTZ(3)",
            "payload BYTES");
    String json =
        "{\"payload\": \"AQID\", \"id\": \"T-1\", \"code\": \"ABC\", \"active\": true, \"tiny\": -128, \"small\": 32767,"
            + " \"qty\": 42, \"big\": 9223372036854775807, \"ratio\": 0.5, \"score\": 1.25, \"price\": 101.5,"
            + " \"trade_date\": \"2026-11-23\", \"trade_clock\": \"09:30:00.123\","
            + " \"trade_local\": \"2026-11-23 09:30:00.123\", \"trade_time\": \"2026-11-23T09:30:00.123Z\"}";

    Row row = decode(columns, json);

    assertThat(row.getKind()).isEqualTo(RowKind.INSERT);
    assertThat(row.getArity()).isEqualTo(15);
    assertThat(row.getField(0)).isEqualTo("T-1");
    assertThat(row.getField(1)).isEqualTo("ABC");
    assertThat(row.getField(2)).isEqualTo(Boolean.TRUE);
    assertThat(row.getField(3)).isEqualTo((byte) -128);
    assertThat(row.getField(4)).isEqualTo((short) 32767);
    assertThat(row.getField(5)).isEqualTo(42);
    assertThat(row.getField(6)).isEqualTo(Long.MAX_VALUE);
    assertThat(row.getField(7)).isEqualTo(0.5f);
    assertThat(row.getField(8)).isEqualTo(1.25d);
    assertThat(row.getField(9)).isEqualTo(new BigDecimal("101.5000"));
    assertThat(row.getField(10)).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(row.getField(11)).isEqualTo(LocalTime.of(9, 30, 0, 123_000_000));
    assertThat(row.getField(12)).isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000));
    assertThat(row.getField(13)).isEqualTo(Instant.parse("2026-11-23T09:30:00.123Z"));
    assertThat(row.getField(14)).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void ignoresFieldsThatAreNotColumnsWhateverTheirShape() throws Exception {
    Row row =
        decode(
            Columns.of("id STRING"),
            "{\"meta\": {\"a\": [1, {\"b\": null}], \"id\": \"inner\"}, \"list\": [[\"x\"]], \"id\": \"outer\","
                + " \"n\": 1e400, \"extra\": \"x\", \"extra\": \"duplicates of ignored fields are fine\"}");
    assertThat(row.getField(0)).isEqualTo("outer");
  }

  @Test
  void matchesFieldNamesExactly() throws Exception {
    Row row = decode(Columns.of("Trade_Id STRING"), "{\"trade_id\": \"lower\"}");
    assertThat(row.getField(0)).isNull();
  }

  @Test
  void givesNullForMissingOrNullFieldsOfNullableColumns() throws Exception {
    Row row = decode(Columns.of("a INT", "b STRING", "c TIMESTAMP_LTZ(3)"), "{\"b\": null}");
    assertThat(row.getArity()).isEqualTo(3);
    assertThat(row.getField(0)).isNull();
    assertThat(row.getField(1)).isNull();
    assertThat(row.getField(2)).isNull();
  }

  @Test
  void rejectsMissingValueForNotNullColumn() {
    RowType columns = Columns.of("id STRING", "trade_time TIMESTAMP_LTZ(3) NOT NULL");
    assertThat(rejection(columns, "{\"id\": \"T-1\"}"))
        .isEqualTo("column 'trade_time' is NOT NULL but the record has no value");
    assertThat(rejection(columns, "{\"id\": \"T-1\", \"trade_time\": null}"))
        .isEqualTo("column 'trade_time' is NOT NULL but the record has no value");
  }

  @Test
  void rejectsAColumnFieldThatAppearsTwice() {
    assertThat(rejection(Columns.of("qty INT"), "{\"qty\": 1, \"qty\": 2}"))
        .isEqualTo("column 'qty' appears more than once in the record");
  }

  // ------------------------------------------------------------------------ not a JSON object

  @Test
  void rejectsInvalidJsonWithAShortOneLineReason() {
    String reason = rejection(Columns.of("id STRING"), "{\"id\": \"T-1\", oops}");
    assertThat(reason)
        .startsWith("not valid JSON at line 1, column ")
        .contains("Unexpected character ('o'");
    assertThat(reason).doesNotContain("\n").doesNotContain("Source").hasSizeLessThan(250);
  }

  @Test
  void rejectsTruncatedJson() {
    String reason = rejection(Columns.of("id STRING"), "{\"id\": \"T-1\", \"qty\": 4");
    assertThat(reason).startsWith("not valid JSON").contains("end-of-input");
    assertThat(reason).doesNotContain("\n").doesNotContain("Source").doesNotContain("REDACTED");
  }

  @Test
  void reportsBrokenJsonEvenWhenAnEarlierColumnValueIsAlsoWrong() {
    assertThat(rejection(Columns.of("qty INT"), "{\"qty\": \"many\", \"x\": tru}"))
        .startsWith("not valid JSON");
  }

  @Test
  void rejectsInvalidUtf8AsInvalidJson() {
    byte[] value = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(rejection(Columns.of("id STRING"), value))
        .startsWith("not valid JSON")
        .contains("UTF-8");
  }

  @Test
  void rejectsValuesThatAreNotAJsonObject() {
    RowType columns = Columns.of("id STRING");
    assertThat(rejection(columns, "[1, 2]")).isEqualTo("expected a JSON object, got an array");
    assertThat(rejection(columns, "\"T-1\"")).isEqualTo("expected a JSON object, got \"T-1\"");
    assertThat(rejection(columns, "42")).isEqualTo("expected a JSON object, got 42");
    assertThat(rejection(columns, "null")).isEqualTo("expected a JSON object, got null");
    assertThat(rejection(columns, "")).isEqualTo("the record is empty, expected a JSON object");
    assertThat(rejection(columns, "  \n "))
        .isEqualTo("the record is empty, expected a JSON object");
    assertThat(rejection(columns, (byte[]) null)).isEqualTo("the record has no value (null)");
  }

  @Test
  void rejectsContentAfterTheObject() {
    RowType columns = Columns.of("id STRING");
    assertThat(rejection(columns, "{\"id\": \"a\"} {\"id\": \"b\"}"))
        .isEqualTo("more content after the end of the JSON object: an object");
    assertThat(rejection(columns, "{\"id\": \"a\"} 7"))
        .isEqualTo("more content after the end of the JSON object: 7");
    assertThat(rejection(columns, "{\"id\": \"a\"}garbage")).startsWith("not valid JSON");
  }

  @Test
  void acceptsWhitespaceAroundTheObject() throws Exception {
    assertThat(decode(Columns.of("id STRING"), "\n  {\"id\": \"a\"}  \r\n").getField(0))
        .isEqualTo("a");
  }

  // ------------------------------------------------------------------------ strings and booleans

  @Test
  void keepsNumberAndBooleanTextVerbatimInStringColumns() throws Exception {
    assertThat(value("STRING", "\"plain\"")).isEqualTo("plain");
    assertThat(value("STRING", "1.50")).isEqualTo("1.50");
    assertThat(value("STRING", "12345678901234567890123")).isEqualTo("12345678901234567890123");
    assertThat(value("STRING", "true")).isEqualTo("true");
    assertThat(value("STRING", "\"\\u00e9\\n\"")).isEqualTo("é\n");
  }

  @Test
  void rejectsObjectsAndArraysForStringColumns() {
    assertThat(rejection("STRING", "{\"a\": 1}"))
        .isEqualTo("column 'v': expected STRING, got an object");
    assertThat(rejection("STRING", "[1]")).isEqualTo("column 'v': expected STRING, got an array");
  }

  @Test
  void rejectsStringsLongerThanTheDeclaredLength() throws Exception {
    assertThat(rejection("VARCHAR(5)", "\"abcdef\""))
        .isEqualTo("column 'v': expected VARCHAR(5), got \"abcdef\" (longer than 5 characters)");
    assertThat(rejection("CHAR(2)", "\"abc\""))
        .isEqualTo("column 'v': expected CHAR(2), got \"abc\" (longer than 2 characters)");
    // length counts characters (code points), not UTF-16 units
    assertThat(value("VARCHAR(2)", "\"\uD83D\uDE00\uD83D\uDE00\""))
        .isEqualTo("\uD83D\uDE00\uD83D\uDE00");
    assertThat(value("CHAR(3)", "\"ab\"")).isEqualTo("ab");
  }

  @Test
  void decodesBooleansAndTheirStrings() throws Exception {
    assertThat(value("BOOLEAN", "true")).isEqualTo(true);
    assertThat(value("BOOLEAN", "false")).isEqualTo(false);
    assertThat(value("BOOLEAN", "\"true\"")).isEqualTo(true);
    assertThat(value("BOOLEAN", "\"false\"")).isEqualTo(false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "0", "\"yes\"", "\"TRUE\"", "\"\"", "[]"})
  void rejectsOtherBooleanSpellings(String json) {
    assertThat(rejection("BOOLEAN", json)).startsWith("column 'v': expected BOOLEAN, got ");
  }

  // ------------------------------------------------------------------------ integers

  @Test
  void decodesIntegersIntoEachIntegerType() throws Exception {
    assertThat(value("TINYINT", "127")).isEqualTo((byte) 127);
    assertThat(value("SMALLINT", "-32768")).isEqualTo((short) -32768);
    assertThat(value("INT", "2147483647")).isEqualTo(Integer.MAX_VALUE);
    assertThat(value("BIGINT", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void acceptsWholeNumbersWrittenAsDecimalsOrStrings() throws Exception {
    assertThat(value("INT", "2.0")).isEqualTo(2);
    assertThat(value("INT", "1e3")).isEqualTo(1000);
    assertThat(value("INT", "\"42\"")).isEqualTo(42);
    assertThat(value("INT", "\"-7\"")).isEqualTo(-7);
    assertThat(value("BIGINT", "\"9223372036854775807\"")).isEqualTo(Long.MAX_VALUE);
    assertThat(value("INT", "\"12.00\"")).isEqualTo(12);
  }

  @Test
  void rejectsFractionsForIntegerColumns() {
    assertThat(rejection("INT", "1.5"))
        .isEqualTo("column 'v': expected INT, got 1.5 (not a whole number)");
    assertThat(rejection("BIGINT", "\"2.25\""))
        .isEqualTo("column 'v': expected BIGINT, got \"2.25\" (not a whole number)");
  }

  @Test
  void rejectsIntegersOutOfRange() {
    assertThat(rejection("INT", "1099511627776"))
        .isEqualTo("column 'v': expected INT, got 1099511627776 (out of range for INT)");
    assertThat(rejection("TINYINT", "128"))
        .isEqualTo("column 'v': expected TINYINT, got 128 (out of range for TINYINT)");
    assertThat(rejection("SMALLINT", "\"40000\"")).contains("out of range for SMALLINT");
    assertThat(rejection("BIGINT", "9223372036854775808")).contains("out of range for BIGINT");
    assertThat(rejection("BIGINT", "\"-9223372036854775809\"")).contains("out of range for BIGINT");
    assertThat(rejection("BIGINT", "1e19")).contains("out of range for BIGINT");
    assertThat(rejection("BIGINT", "1e999999999")).contains("out of range for BIGINT");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"abc\"", "\" 42\"", "\"42 \"", "\"4_2\"", "\"0x10\"", "\"\"", "true", "{}"})
  void rejectsTextThatIsNotExactlyANumberForIntegerColumns(String json) {
    assertThat(rejection("INT", json)).startsWith("column 'v': expected INT, got ");
  }

  // ------------------------------------------------------------------------ decimals

  @Test
  void decodesDecimalsWithExactlyTheDeclaredScale() throws Exception {
    assertThat(value("DECIMAL(18, 4)", "12.5")).isEqualTo(new BigDecimal("12.5000"));
    assertThat(((BigDecimal) value("DECIMAL(18, 4)", "12.5")).scale()).isEqualTo(4);
    assertThat(value("DECIMAL(18, 4)", "\"12.5\"")).isEqualTo(new BigDecimal("12.5000"));
    assertThat(value("DECIMAL(18, 4)", "7")).isEqualTo(new BigDecimal("7.0000"));
    assertThat(value("DECIMAL(18, 4)", "-0.0001")).isEqualTo(new BigDecimal("-0.0001"));
    assertThat(value("DECIMAL(18, 4)", "1.23450000")).isEqualTo(new BigDecimal("1.2345"));
    assertThat(value("DECIMAL(18, 4)", "1.5E+2")).isEqualTo(new BigDecimal("150.0000"));
    assertThat(value("DECIMAL(18, 4)", "0E-10")).isEqualTo(new BigDecimal("0.0000"));
    assertThat(value("DECIMAL(18, 4)", "99999999999999.9999"))
        .isEqualTo(new BigDecimal("99999999999999.9999"));
    assertThat(value("DECIMAL(38, 0)", "12345678901234567890123456789012345678"))
        .isEqualTo(new BigDecimal("12345678901234567890123456789012345678"));
    assertThat(value("DECIMAL(3, 3)", "0.125")).isEqualTo(new BigDecimal("0.125"));
  }

  @Test
  void rejectsDecimalThatWouldLoseDigits() {
    assertThat(rejection("DECIMAL(18, 4)", "1.23456"))
        .isEqualTo(
            "column 'v': expected DECIMAL(18, 4), got 1.23456 (more than 4 digits after the decimal point)");
    assertThat(rejection("DECIMAL(18, 4)", "\"0.00001\""))
        .contains("more than 4 digits after the decimal point");
    assertThat(rejection("DECIMAL(10, 0)", "1.5")).contains("not a whole number");
    assertThat(rejection("DECIMAL(18, 4)", "1e-999999999"))
        .contains("more than 4 digits after the decimal point");
  }

  @Test
  void rejectsDecimalWithTooManyIntegerDigits() {
    assertThat(rejection("DECIMAL(18, 4)", "100000000000000"))
        .isEqualTo(
            "column 'v': expected DECIMAL(18, 4), got 100000000000000 (more than 14 digits before the decimal point)");
    assertThat(rejection("DECIMAL(18, 4)", "1e999999999"))
        .contains("more than 14 digits before the decimal point");
    assertThat(rejection("DECIMAL(3, 3)", "1.0"))
        .contains("DECIMAL(3, 3) only holds values between -1 and 1");
  }

  @Test
  void rejectsTextThatIsNotADecimal() {
    assertThat(rejection("DECIMAL(18, 4)", "\"abc\""))
        .isEqualTo("column 'v': expected DECIMAL(18, 4), got \"abc\"");
    assertThat(rejection("DECIMAL(18, 4)", "\"NaN\""))
        .isEqualTo("column 'v': expected DECIMAL(18, 4), got \"NaN\"");
    assertThat(rejection("DECIMAL(18, 4)", "false"))
        .isEqualTo("column 'v': expected DECIMAL(18, 4), got false");
  }

  // ------------------------------------------------------------------------ floating point

  @Test
  void decodesFloatsAndDoubles() throws Exception {
    assertThat(value("FLOAT", "1.1")).isEqualTo(1.1f);
    assertThat(value("FLOAT", "3")).isEqualTo(3f);
    assertThat(value("FLOAT", "\"2.5\"")).isEqualTo(2.5f);
    assertThat(value("DOUBLE", "1.1")).isEqualTo(1.1d);
    assertThat(value("DOUBLE", "-0.0")).isEqualTo(-0.0d);
    assertThat(value("DOUBLE", "\"1e-3\"")).isEqualTo(0.001d);
    assertThat(value("DOUBLE", "\"NaN\"")).isEqualTo(Double.NaN);
    assertThat(value("DOUBLE", "\"-Infinity\"")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(value("FLOAT", "\"Infinity\"")).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void rejectsFloatingPointValuesOutOfRange() {
    assertThat(rejection("FLOAT", "1e39"))
        .isEqualTo("column 'v': expected FLOAT, got 1e39 (out of range for FLOAT)");
    assertThat(rejection("FLOAT", "1e-50")).contains("out of range for FLOAT");
    assertThat(rejection("DOUBLE", "1e400"))
        .isEqualTo("column 'v': expected DOUBLE, got 1e400 (out of range for DOUBLE)");
    assertThat(rejection("DOUBLE", "\"-1e400\"")).contains("out of range for DOUBLE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"abc\"", "\" 1.5\"", "\"1.5d\"", "\"0x1p3\"", "\"1,5\"", "\"nan\"", "true"})
  void rejectsTextThatIsNotExactlyAFloatingPointNumber(String json) {
    assertThat(rejection("DOUBLE", json)).startsWith("column 'v': expected DOUBLE, got ");
  }

  // ------------------------------------------------------------------------ dates and times

  @Test
  void decodesDatesAndTimes() throws Exception {
    assertThat(value("DATE", "\"2024-02-29\"")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(value("TIME(0)", "\"23:59:59\"")).isEqualTo(LocalTime.of(23, 59, 59));
    assertThat(value("TIME(3)", "\"09:30\"")).isEqualTo(LocalTime.of(9, 30));
    assertThat(value("TIME(3)", "\"09:30:00.1\"")).isEqualTo(LocalTime.of(9, 30, 0, 100_000_000));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2026-02-29\"",
        "\"2026-13-01\"",
        "\"2026-11-23T00:00:00\"",
        "\"26-11-23\"",
        "\"2026/11/23\"",
        "20261123",
        "\"\""
      })
  void rejectsAnythingButAnIsoDate(String json) {
    assertThat(rejection("DATE", json)).startsWith("column 'v': expected DATE, got ");
  }

  @Test
  void rejectsInvalidTimes() {
    assertThat(rejection("TIME(3)", "\"24:00:00\""))
        .isEqualTo("column 'v': expected TIME(3), got \"24:00:00\"");
    assertThat(rejection("TIME(3)", "34200000"))
        .startsWith("column 'v': expected TIME(3), got 34200000");
    assertThat(rejection("TIME(0)", "\"09:30:00.5\""))
        .isEqualTo(
            "column 'v': expected TIME(0), got \"09:30:00.5\" (has a fraction of a second, but TIME(0) holds whole"
                + " seconds)");
    assertThat(rejection("TIME(3)", "\"09:30:00.1234\""))
        .contains("(more than 3 fractional second digits)");
  }

  @Test
  void decodesTimestampsWithoutZoneFromTextOrEpochMillis() throws Exception {
    LocalDateTime expected = LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_000_000);
    assertThat(value("TIMESTAMP(3)", "\"2026-11-23 09:30:00.123\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP(3)", "\"2026-11-23T09:30:00.123\"")).isEqualTo(expected);
    assertThat(
            value(
                "TIMESTAMP(3)",
                Long.toString(Instant.parse("2026-11-23T09:30:00.123Z").toEpochMilli())))
        .isEqualTo(expected);
    assertThat(value("TIMESTAMP(3)", "\"2026-11-23 09:30\""))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30));
    assertThat(value("TIMESTAMP(6)", "\"2026-11-23 09:30:00.123456\""))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 123_456_000));
    assertThat(value("TIMESTAMP(3)", "\"2026-11-23 09:30:00.120000\""))
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 0, 120_000_000));
    assertThat(value("TIMESTAMP(3)", "-1"))
        .isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000));
  }

  @Test
  void rejectsTimestampTextWithAZoneOffsetForTimestampWithoutZone() {
    assertThat(rejection("TIMESTAMP(3)", "\"2026-11-23T09:30:00.123+01:00\""))
        .isEqualTo(
            "column 'v': expected TIMESTAMP(3), got \"2026-11-23T09:30:00.123+01:00\" (has a time zone offset, which"
                + " TIMESTAMP cannot keep; declare the column TIMESTAMP_LTZ(3))");
  }

  @Test
  void rejectsTimestampsWithMoreFractionalDigitsThanThePrecision() {
    assertThat(rejection("TIMESTAMP(3)", "\"2026-11-23 09:30:00.1234\""))
        .isEqualTo(
            "column 'v': expected TIMESTAMP(3), got \"2026-11-23 09:30:00.1234\" (more than 3 fractional second"
                + " digits)");
    assertThat(rejection("TIMESTAMP(0)", "1700000000123"))
        .isEqualTo(
            "column 'v': expected TIMESTAMP(0), got 1700000000123 (epoch milliseconds) (has a fraction of a second,"
                + " but TIMESTAMP(0) holds whole seconds)");
    assertThat(rejection("TIMESTAMP_LTZ(0)", "\"2026-11-23T09:30:00.5Z\""))
        .contains("holds whole seconds");
  }

  @Test
  void rejectsTimestampsOutsideFlinksYearRange() {
    // epoch microseconds sent where milliseconds are expected land in the year 57000-something
    assertThat(rejection("TIMESTAMP_LTZ(3)", "1763890200123000"))
        .isEqualTo(
            "column 'v': expected TIMESTAMP_LTZ(3), got 1763890200123000 (epoch milliseconds) (out of range:"
                + " TIMESTAMP_LTZ(3) holds years 0000 to 9999)");
    assertThat(rejection("TIMESTAMP(3)", "-62167219200001")).contains("out of range");
    assertThat(rejection("TIMESTAMP_LTZ(3)", "\"0000-01-01T00:30:00+01:00\""))
        .contains("out of range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2026-11-23\"",
        "\"2026-11-23 25:00:00\"",
        "\"2026-11-23  09:30:00\"",
        "\"2026-11-23 09:30:00.\"",
        "\"2026-11-23 09:30:00.1234567890\"",
        "\"23/11/2026 09:30\"",
        "1.5",
        "true",
        "\"1700000000000\""
      })
  void rejectsMalformedTimestamps(String json) {
    assertThat(rejection("TIMESTAMP(3)", json))
        .startsWith("column 'v': expected TIMESTAMP(3), got ");
  }

  @Test
  void decodesTimestampLtzFromIsoInstantsOffsetsAndEpochMillis() throws Exception {
    Instant expected = Instant.parse("2026-11-23T09:30:00.123Z");
    assertThat(value("TIMESTAMP_LTZ(3)", "\"2026-11-23T09:30:00.123Z\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(3)", "\"2026-11-23 09:30:00.123Z\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(3)", "\"2026-11-23T10:30:00.123+01:00\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(3)", "\"2026-11-23T10:30:00.123+0100\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(3)", "\"2026-11-23T04:00:00.123-05:30\"")).isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(3)", Long.toString(expected.toEpochMilli())))
        .isEqualTo(expected);
    assertThat(value("TIMESTAMP_LTZ(9)", "\"2026-11-23T09:30:00.123456789Z\""))
        .isEqualTo(Instant.parse("2026-11-23T09:30:00.123456789Z"));
  }

  @Test
  void rejectsTimestampLtzTextWithoutZone() {
    assertThat(rejection("TIMESTAMP_LTZ(3)", "\"2026-11-23 09:30:00.123\""))
        .isEqualTo(
            "column 'v': expected TIMESTAMP_LTZ(3), got \"2026-11-23 09:30:00.123\" (no time zone offset such as Z or"
                + " +01:00)");
    assertThat(rejection("TIMESTAMP_LTZ(3)", "\"2026-11-23T09:30:00+25:00\""))
        .isEqualTo("column 'v': expected TIMESTAMP_LTZ(3), got \"2026-11-23T09:30:00+25:00\"");
  }

  // ------------------------------------------------------------------------ bytes

  @Test
  void decodesBase64IntoBinaryColumns() throws Exception {
    String encoded = Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 7});
    assertThat(value("BYTES", "\"" + encoded + "\"")).isEqualTo(new byte[] {0, (byte) 0xff, 7});
    assertThat(value("VARBINARY(3)", "\"" + encoded + "\""))
        .isEqualTo(new byte[] {0, (byte) 0xff, 7});
  }

  @Test
  void rejectsBinaryThatIsNotBase64OrTooLong() {
    assertThat(rejection("BYTES", "\"not base64!\""))
        .isEqualTo("column 'v': expected BYTES, got \"not base64!\" (not base64)");
    assertThat(rejection("VARBINARY(2)", "\"AQID\""))
        .isEqualTo("column 'v': expected VARBINARY(2), got 3 bytes (longer than 2 bytes)");
    assertThat(rejection("BYTES", "12"))
        .isEqualTo("column 'v': expected BYTES, got 12 (expected a base64 string)");
  }

  // ------------------------------------------------------------------------ reasons

  @Test
  void cutsLongOffendingValuesInReasons() {
    String longText = "x".repeat(10_000);
    String reason = rejection("INT", "\"" + longText + "\"");
    assertThat(reason)
        .startsWith("column 'v': expected INT, got \"xxxx")
        .endsWith("\"... (10000 characters)");
    assertThat(reason).hasSizeLessThan(130);
  }

  @Test
  void escapesControlCharactersInReasons() {
    assertThat(rejection("INT", "\"a\\nb\\u0001\""))
        .isEqualTo("column 'v': expected INT, got \"a\\nb\\u0001\"");
  }

  @Test
  void reportsTheFirstBadColumnInDocumentOrder() {
    RowType columns = Columns.of("a INT", "b INT NOT NULL", "c INT");
    assertThat(rejection(columns, "{\"c\": \"x\", \"a\": \"y\"}"))
        .isEqualTo("column 'c': expected INT, got \"x\"");
  }

  // ------------------------------------------------------------------------ lifecycle

  @Test
  void survivesJavaSerialization() throws Exception {
    JsonRecordDecoder decoder =
        new JsonRecordDecoder(Columns.of("id STRING NOT NULL", "price DECIMAL(18, 4)"));
    decoder.decode("{\"id\": \"warm-up\"}".getBytes(StandardCharsets.UTF_8));

    JsonRecordDecoder copy = Columns.roundTrip(decoder);

    Row row = copy.decode("{\"id\": \"T-1\", \"price\": 1.5}".getBytes(StandardCharsets.UTF_8));
    assertThat(row).isEqualTo(Row.of("T-1", new BigDecimal("1.5000")));
    assertThatThrownBy(() -> copy.decode("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class)
        .hasMessage("column 'id' is NOT NULL but the record has no value");
  }

  @Test
  void reusesOneDecoderForManyRecordsIndependently() throws Exception {
    JsonRecordDecoder decoder = new JsonRecordDecoder(Columns.of("a INT", "b STRING"));
    Row first = decoder.decode("{\"a\": 1, \"b\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> decoder.decode("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(DecodeException.class);
    Row second = decoder.decode("{\"b\": \"y\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(first).isEqualTo(Row.of(1, "x"));
    assertThat(second).isEqualTo(Row.of(null, "y"));
  }
}
