package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `strata test` runs a config's own tests on the embedded engine (a Flink MiniCluster, about ten
 * seconds a run): the trading config passes; changing one expected value fails with a diff.
 */
class ConfigTestRunnerTest {

  @TempDir Path dir;

  @Test
  void passesTheTradingConfigsOwnTests() {
    CliRun.Result r = CliRun.run("test", "../configs/trading/pipeline.conf");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "PASS minute_measures_per_symbol", "PASS quotes_are_cleaned", "2 tests, 0 failed");
    assertThat(r.out()).doesNotContain("FAIL");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  @Test
  void givesDimensionRowsInsteadOfTheStores() {
    // warehouse.conf joins HBase and MariaDB dimensions; its tests give their rows and the lookups
    // read
    // those (the next test shows a changed given row changes the output), never the stores.
    CliRun.Result r = CliRun.run("test", "../configs/trading/warehouse.conf");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("PASS enrichment_from_dimensions", "1 tests, 0 failed");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  @Test
  void aChangedDimensionRowChangesTheEnrichedRows() throws IOException {
    copyTree(CliRun.TRADING.getParent(), dir);
    Path tests = dir.resolve("warehouse-tests.conf");
    String original = Files.readString(tests);
    String row = "{ symbol = AAPL, exchange = NASDAQ, currency = USD, lot_size = 100 }";
    assertThat(original).contains(row);
    Files.writeString(tests, original.replace(row, row.replace("lot_size = 100", "lot_size = 50")));

    CliRun.Result r = CliRun.run("test", dir.resolve("warehouse.conf").toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    String producedLine =
        r.out()
            .lines()
            .filter(l -> l.contains("+ produced "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.all()));
    assertThat(producedLine).contains("trade_id=t1", "lots=4");
  }

  @Test
  void rowsGivenToAnUndefinedDimensionAreAConfigError() throws IOException {
    copyTree(CliRun.TRADING.getParent(), dir);
    Path tests = dir.resolve("warehouse-tests.conf");
    Files.writeString(
        tests,
        Files.readString(tests)
            .replace("\"dimensions.accounts\" = [", "\"dimensions.acounts\" = ["));

    CliRun.Result r = CliRun.run("test", dir.resolve("warehouse.conf").toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "warehouse-tests.conf",
            "given names dimensions.acounts, which is not a defined dimension",
            "accounts");
    assertThat(r.stackTraceLines()).isEmpty();
  }

  @Test
  void failsWithADiffWhenAnExpectationIsChanged() throws IOException {
    Path trading = CliRun.TRADING.getParent();
    copyTree(trading, dir);
    Path tests = dir.resolve("tests.conf");
    String original = Files.readString(tests);
    String row =
        "{ window_start = \"2026-11-23 09:30:00\", symbol = AAPL, trade_count = 2, volume = 40,";
    assertThat(original).contains(row);
    Files.writeString(
        tests, original.replace(row, row.replace("trade_count = 2", "trade_count = 3")));

    CliRun.Result r = CliRun.run("test", dir.resolve("pipeline.conf").toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(r.stackTraceLines()).isEmpty();
    String out = r.out();
    assertThat(out)
        .contains(
            "FAIL minute_measures_per_symbol", "PASS quotes_are_cleaned", "2 tests, 1 failed");
    // the diff names the table, the expected row that was not produced and the row produced instead
    assertThat(out)
        .contains(
            "dws.symbol_minute: 4 rows expected, 4 produced; 1 expected not produced, 1 produced not expected");
    String expectedLine =
        out.lines()
            .filter(l -> l.contains("- expected "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out));
    assertThat(expectedLine)
        .contains("symbol=AAPL", "trade_count=3", "window_start=2026-11-23 09:30:00");
    String producedLine =
        out.lines()
            .filter(l -> l.contains("+ produced "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out));
    assertThat(producedLine)
        .contains("symbol=AAPL", "trade_count=2", "volume=40", "2026-11-23T09:30");
    // only the changed table differs
    assertThat(out).doesNotContain("dws.account_minute:");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
