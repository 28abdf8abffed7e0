package io.strata.dimensions.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layers.definition.ColumnDef;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DimensionFileTest {
  @TempDir Path dir;

  private List<DimensionFile.Line> read(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    List<DimensionFile.Line> out = new ArrayList<>();
    DimensionFile.read(f, out::add);
    return out;
  }

  @Test
  void readsQuotedCsvFieldsWithCommasQuotesAndNewlines() throws Exception {
    List<DimensionFile.Line> rows =
        read("a.csv", "symbol,name\r\n\"BRK,B\",\"Berkshire \"\"B\"\"\"\nX,\"two\nlines\"\n\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).values())
        .containsEntry("symbol", "BRK,B")
        .containsEntry("name", "Berkshire \"B\"");
    assertThat(rows.get(1).values()).containsEntry("name", "two\nlines");
    assertThat(rows.get(1).number()).isEqualTo(3);
  }

  @Test
  void rejectsCsvRowsWithTheWrongNumberOfFieldsNamingTheLine() {
    assertThatThrownBy(() -> read("b.csv", "a,b\n1,2\n3\n"))
        .hasMessageContaining("b.csv:3")
        .hasMessageContaining("1 fields");
  }

  @Test
  void readsJsonLinesWithNullsAndNumbers() throws Exception {
    List<DimensionFile.Line> rows =
        read("c.jsonl", "{\"k\":\"a\",\"n\":5,\"x\":null}\n\n{\"k\":\"b\"}\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).values()).containsEntry("n", "5").containsEntry("x", null);
    assertThat(rows.get(1).number()).isEqualTo(3);
  }

  @Test
  void refusesUnknownFileTypes() {
    assertThatThrownBy(() -> read("d.txt", "x"))
        .hasMessageContaining(".csv")
        .hasMessageContaining(".jsonl");
  }

  @Test
  void parsesValuesByDeclaredType() {
    assertThat(DimensionValues.parse(new ColumnDef("n", "INT", null), " 42 ")).isEqualTo(42);
    assertThat(DimensionValues.parse(new ColumnDef("n", "INT", null), "")).isNull();
    assertThat(DimensionValues.parse(new ColumnDef("s", "STRING", null), "")).isEqualTo("");
    assertThat(DimensionValues.parse(new ColumnDef("d", "DECIMAL(18, 4)", null), "1.5"))
        .isEqualTo(new BigDecimal("1.5"));
    assertThat(DimensionValues.parse(new ColumnDef("d", "DATE", null), "2026-11-24"))
        .isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(
            DimensionValues.parse(
                new ColumnDef("t", "TIMESTAMP_LTZ(3)", null), "2026-11-24 09:30:00"))
        .isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
    assertThatThrownBy(() -> DimensionValues.parse(new ColumnDef("n", "BIGINT", null), "x"))
        .hasMessageContaining("column 'n'");
  }
}
