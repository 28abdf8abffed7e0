package io.strata.benchmarks.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the backfill benchmark's code against the real services (Hive metastore,
 * ClickHouse): not timed, it checks that both sides compute the same dws.symbol_minute. The full
 * size runs only from {@code bin/bench backfill}.
 */
class BackfillBenchmarkTest {
  @TempDir Path dir;

  @Test
  void generatedTradesAreAPureFunctionOfTheirIndexAndSpreadOverTheDay() {
    BenchTrades t = new BenchTrades(1000, LocalDate.parse("2026-11-23"));
    BenchTrades again = new BenchTrades(1000, LocalDate.parse("2026-11-23"));
    Set<String> accounts = new HashSet<>();
    long filtered = 0;
    for (long i = 0; i < 1000; i++) {
      assertThat(t.archiveRow(i)).isEqualTo(again.archiveRow(i));
      assertThat(t.tradeTimeMillis(i)).isBetween(1795392000000L, 1795392000000L + 86_399_999L);
      accounts.add(t.account(i));
      filtered += t.quantity(i) == 0 ? 1 : 0;
    }
    assertThat(accounts).hasSizeGreaterThan(40);
    assertThat(filtered).isBetween(1L, 30L);
  }

  @Test
  @Timeout(400)
  void smallRunGivesTheSameTableOnBothSides() throws Exception {
    String clickhouse = env("STRATA_CLICKHOUSE_URL", "http://127.0.0.1:18123");
    String metastore = env("STRATA_HIVE_METASTORE_URI", "thrift://127.0.0.1:19083");
    var s =
        new BackfillBenchmark.Settings(
            20_000,
            LocalDate.parse("2026-11-23"),
            1,
            true,
            false,
            clickhouse,
            metastore,
            dir.resolve("warehouse"),
            BackfillBenchmark.repoRoot(),
            Files.createDirectories(dir.resolve("work")));
    BackfillBenchmark.Result r = BackfillBenchmark.run(s);
    System.out.print(r.text());
    assertThat(r.sameResult()).as(r.comparison()).isTrue();
    assertThat(r.backfillStatus()).isEqualTo("swapped");
    assertThat(r.dwsRows()).isBetween(1000L, 1440L * 10);
    assertThat(r.backfillSeconds()).isPositive();
    assertThat(r.clickHouseSeconds()).isPositive();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
