package io.strata.dorisemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamLoadFormatTest {
  private static final DorisTable TABLE =
      ((DorisDdl.CreateTable)
              DorisDdl.parse(
                  "CREATE TABLE d.t (id BIGINT NOT NULL, name VARCHAR(5), amount DECIMAL(6, 2), ts DATETIME(3), ok BOOLEAN) "
                      + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1",
                  null))
          .table();

  private static StreamLoadFormat format(String... headers) throws Exception {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new StreamLoadFormat(TABLE, h::get);
  }

  private static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsJsonLinesAsTheConnectorSendsThem() throws Exception {
    StreamLoadFormat f =
        format(
            "format",
            "json",
            "read_json_by_line",
            "true",
            "columns",
            "`id`,`name`,`amount`,`ts`,`ok`");
    StreamLoadFormat.Rows rows =
        f.read(
            body(
                "{\"id\":\"1\",\"name\":\"ab\",\"amount\":\"1.5\",\"ts\":\"2026-11-23 09:30:00.123\",\"ok\":\"true\"}\n"
                    + "{\"id\":\"2\",\"name\":null,\"amount\":2,\"ts\":\"2026-11-23 09:30:01.0\",\"ok\":false}"));
    assertThat(rows.total()).isEqualTo(2);
    assertThat(rows.filtered()).isEmpty();
    Object[] first = rows.accepted().get(0).values();
    assertThat(first[0]).isEqualTo(1L);
    assertThat((BigDecimal) first[2]).isEqualByComparingTo("1.50");
    assertThat(first[3]).isEqualTo("2026-11-23 09:30:00.123000");
    assertThat(first[4]).isEqualTo(Boolean.TRUE);
    assertThat(rows.accepted().get(1).values()[1]).isNull();
  }

  @Test
  void filtersRowsTheTableCannotHoldWithDorisReasons() throws Exception {
    StreamLoadFormat f = format("format", "json", "read_json_by_line", "true");
    StreamLoadFormat.Rows rows =
        f.read(
            body(
                "{\"id\":1,\"name\":\"toolong\"}\n{\"id\":null,\"name\":\"a\"}\n{\"id\":3,\"amount\":\"12345.6\"}\n{\"id\":4}"));
    assertThat(rows.total()).isEqualTo(4);
    assertThat(rows.accepted()).hasSize(2);
    assertThat(rows.filtered()).hasSize(2);
    assertThat(rows.filtered().get(0)).contains("the length of input is too long than schema");
    assertThat(rows.filtered().get(1)).contains("null value for not null column, column=id");
    // Non-strict mode: a value that overflows DECIMAL(6, 2) becomes NULL in a nullable column.
    assertThat(rows.accepted().get(0).values()[2]).isNull();
  }

  @Test
  void strictModeFiltersValuesThatDoNotConvert() throws Exception {
    StreamLoadFormat.Rows rows =
        format("format", "json", "read_json_by_line", "true", "strict_mode", "true")
            .read(body("{\"id\":1,\"amount\":\"x\"}"));
    assertThat(rows.accepted()).isEmpty();
    assertThat(rows.filtered()).hasSize(1);
  }

  @Test
  void readsCsvWithSeparatorsAndNulls() throws Exception {
    StreamLoadFormat.Rows rows =
        format("column_separator", "\\x01", "columns", "id,name")
            .read(body("1\u0001a\n2\u0001\\N\n3"));
    assertThat(rows.accepted()).hasSize(2);
    assertThat(rows.accepted().get(1).values()[1]).isNull();
    assertThat(rows.filtered().get(0))
        .contains("actual column number in csv file is less than schema column number");
  }

  @Test
  void theDeleteSignMarksDeletes() throws Exception {
    StreamLoadFormat.Rows rows =
        format(
                "format",
                "json",
                "read_json_by_line",
                "true",
                "columns",
                "id,name,__DORIS_DELETE_SIGN__")
            .read(
                body(
                    "{\"id\":1,\"name\":\"a\",\"__DORIS_DELETE_SIGN__\":\"0\"}\n{\"id\":1,\"__DORIS_DELETE_SIGN__\":\"1\"}"));
    assertThat(rows.accepted()).extracting(LoadedRow::delete).containsExactly(false, true);
  }

  @Test
  void refusesHeadersItCannotHonour() {
    assertThatThrownBy(() -> format("where", "id > 1"))
        .isInstanceOf(StreamLoadFormat.LoadFailed.class)
        .hasMessageContaining("'where'");
    assertThatThrownBy(() -> format("columns", "id, name=upper(name)"))
        .hasMessageContaining("column mappings");
    assertThatThrownBy(() -> format("columns", "id, nope"))
        .hasMessageContaining("Unknown column 'nope'");
    assertThatThrownBy(() -> format("columns", "name"))
        .hasMessageContaining("Column has no default value. column: id");
    assertThatThrownBy(() -> format("format", "parquet")).hasMessageContaining("parquet");
  }
}
