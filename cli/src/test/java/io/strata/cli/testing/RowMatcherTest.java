package io.strata.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.definition.TableRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class RowMatcherTest {
  private static final TableRef TABLE = TableRef.parse("dws.symbol_minute");
  private static final List<String> COLUMNS =
      List.of("window_start", "symbol", "trade_count", "vwap");

  private static Row row(String start, String symbol, long count, String vwap) {
    return Row.of(LocalDateTime.parse(start), symbol, count, new BigDecimal(vwap));
  }

  @Test
  void matchesInAnyOrderComparingOnlyTheNamedColumns() {
    List<Row> actual =
        List.of(
            row("2026-11-23T09:31:00", "AAPL", 1, "102.0000"),
            row("2026-11-23T09:30:00", "AAPL", 2, "100.7500"));
    List<Map<String, Object>> expected =
        List.of(
            Map.of(
                "window_start",
                "2026-11-23 09:30:00",
                "symbol",
                "AAPL",
                "trade_count",
                2,
                "vwap",
                100.75),
            Map.of("symbol", "AAPL", "trade_count", 1));
    assertThat(RowMatcher.diff(TABLE, COLUMNS, expected, actual, "UTC")).isNull();
  }

  @Test
  void diffNamesTheTableTheMissingAndTheUnexpectedRows() {
    List<Row> actual = List.of(row("2026-11-23T09:30:00", "AAPL", 2, "100.7500"));
    List<Map<String, Object>> expected = List.of(Map.of("symbol", "AAPL", "trade_count", 3));
    String diff = RowMatcher.diff(TABLE, COLUMNS, expected, actual, "UTC");
    assertThat(diff)
        .startsWith(
            "dws.symbol_minute: 1 rows expected, 1 produced; 1 expected not produced, 1 produced not expected\n");
    assertThat(diff).contains("  - expected {").contains("trade_count=3");
    assertThat(diff)
        .contains(
            "  + produced {window_start=2026-11-23T09:30, symbol=AAPL, trade_count=2, vwap=100.7500}");
  }

  @Test
  void eachProducedRowMatchesOneExpectedRowOnly() {
    List<Row> actual = List.of(row("2026-11-23T09:30:00", "AAPL", 2, "1"));
    List<Map<String, Object>> expected =
        List.of(Map.of("symbol", "AAPL"), Map.of("symbol", "AAPL"));
    assertThat(RowMatcher.diff(TABLE, COLUMNS, expected, actual, "UTC"))
        .contains("1 expected not produced, 0 produced not expected");
  }

  @Test
  void comparesValuesByTheProducedType() {
    ZoneId utc = ZoneId.of("UTC");
    assertThat(RowMatcher.sameValue("100.10", new BigDecimal("100.1000"), utc)).isTrue();
    assertThat(RowMatcher.sameValue(2, 2L, utc)).isTrue();
    assertThat(RowMatcher.sameValue("2", 3L, utc)).isFalse();
    assertThat(RowMatcher.sameValue(0.1, 0.1000000000001, utc)).isTrue();
    assertThat(
            RowMatcher.sameValue(
                "2026-11-23T09:30:00Z", Instant.parse("2026-11-23T09:30:00Z"), utc))
        .isTrue();
    assertThat(
            RowMatcher.sameValue(
                "2026-11-23 10:30:00",
                Instant.parse("2026-11-23T09:30:00Z"),
                ZoneId.of("Europe/Paris")))
        .isTrue();
    assertThat(RowMatcher.sameValue(1795426200400L, Instant.ofEpochMilli(1795426200400L), utc))
        .isTrue();
    assertThat(RowMatcher.sameValue("not a number", 1L, utc)).isFalse();
    assertThat(RowMatcher.sameValue(null, null, utc)).isTrue();
    assertThat(RowMatcher.sameValue(null, "x", utc)).isFalse();
    assertThat(RowMatcher.sameValue("AAPL", "AAPL", utc)).isTrue();
  }
}
