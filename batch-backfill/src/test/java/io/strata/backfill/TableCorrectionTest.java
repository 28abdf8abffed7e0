package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableCorrectionTest {
  private static final List<String> KEY = List.of("window_start", "symbol");
  private static final List<String> MEASURES = List.of("trade_count", "volume");

  private static Map<String, String> row(String ws, String symbol, String count, String volume) {
    return Map.of("window_start", ws, "symbol", symbol, "trade_count", count, "volume", volume);
  }

  @Test
  void countsRowsOnlyOnOneSideAndChangedRowsAndMeasureDeltas() {
    var realtime =
        List.of(
            row("1", "AAPL", "2", "30"), row("1", "MSFT", "1", "10"), row("2", "AAPL", "1", "5"));
    var batch =
        List.of(
            row("1", "AAPL", "3", "37"), row("1", "MSFT", "1", "10"), row("3", "AAPL", "1", "8"));
    TableCorrection c =
        TableCorrection.diff(
            "dws.t", "ch", "20261123", KEY, MEASURES, Set.copyOf(MEASURES), realtime, batch);
    assertThat(c.onlyRealtime()).isEqualTo(1);
    assertThat(c.onlyBatch()).isEqualTo(1);
    assertThat(c.changed()).isEqualTo(1);
    assertThat(c.unchanged()).isEqualTo(1);
    TableCorrection.MeasureDelta volume = c.measures().get(1);
    assertThat(volume.realtime()).isEqualByComparingTo("45");
    assertThat(volume.batch()).isEqualByComparingTo("55");
    assertThat(volume.absDelta()).isEqualByComparingTo("20"); // |37-30| + |0-5| + |8-0|
    assertThat(volume.relDelta()).isEqualTo(20.0 / 45.0);
    assertThat(c.correction()).isEqualTo(Math.max(20.0 / 45.0, 3.0 / 4.0));
    assertThat(c.topKeys()).hasSize(3);
    // rows on one side only change most; the changed row comes last
    assertThat(c.topKeys().get(2).key()).containsEntry("window_start", "1");
  }

  @Test
  void nonAdditiveMeasuresCompareOnlyRowsOnBothSides() {
    var realtime = List.of(row("1", "AAPL", "2", "30"));
    var batch = List.of(row("1", "AAPL", "2", "33"), row("2", "AAPL", "1", "500"));
    TableCorrection c =
        TableCorrection.diff(
            "dws.t",
            "ch",
            "20261123",
            KEY,
            MEASURES,
            Set.copyOf(MEASURES),
            Set.of("trade_count"),
            realtime,
            batch);
    assertThat(c.measures().get(0).relDelta()).isEqualTo(0.5); // count: the new row counts
    assertThat(c.measures().get(1).relDelta())
        .isEqualTo(0.1); // "volume" as if a MAX: only the matched key
    assertThat(TableCorrection.isAdditive("COUNT(*)")).isTrue();
    assertThat(TableCorrection.isAdditive("SUM(quantity)")).isTrue();
    assertThat(TableCorrection.isAdditive("MAX(price)")).isFalse();
    assertThat(TableCorrection.isAdditive("CAST(SUM(notional) / SUM(quantity) AS DECIMAL(18, 4))"))
        .isFalse();
    assertThat(TableCorrection.isAdditive("SUM(a) / SUM(b)")).isFalse();
  }

  @Test
  void identicalPartitionsNeedNoCorrection() {
    var rows = List.of(row("1", "AAPL", "2", "30"));
    TableCorrection c =
        TableCorrection.diff(
            "dws.t", "ch", "20261123", KEY, MEASURES, Set.copyOf(MEASURES), rows, rows);
    assertThat(c.anyChange()).isFalse();
    assertThat(c.correction()).isZero();
    assertThat(c.topKeys()).isEmpty();
  }

  @Test
  void maxCorrectionReadsPercentagesAndFractions() {
    assertThat(Backfill.maxCorrection(Map.of("max-correction", "5%"))).isEqualTo(0.05);
    assertThat(Backfill.maxCorrection(Map.of("max-correction", "0.1%"))).isEqualTo(0.001);
    assertThat(Backfill.maxCorrection(Map.of("max-correction", "0.02"))).isEqualTo(0.02);
    assertThat(Backfill.maxCorrection(Map.of())).isEqualTo(0.05);
  }
}
