package io.strata.tests.doris;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tests.doris.DorisPipelineRun.Trade;
import io.strata.tests.support.DorisEmulatorService;
import io.strata.tests.support.MariaDbService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Doris sink end to end: Kafka → DWD → DWS → the real flink-doris-connector (Stream Load,
 * two-phase commit on checkpoints) → Strata's Doris emulator → rows in a real MariaDB.
 */
class DorisSinkEndToEndTest {
  private static final Instant START = Instant.parse("2026-11-23T09:30:00Z");
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA"};

  @Test
  @Timeout(120)
  void rowsBecomeVisibleOnlyWhenTheirCheckpointCommits() throws Exception {
    DorisPipelineRun run = new DorisPipelineRun(Duration.ofSeconds(8));
    List<Trade> first = trades(0, 20);
    run.produce(first);
    JobClient job = run.start(null);
    try {
      String dwd = run.database + ".dwd_trades";
      // While a load of the rows is open (the job has sent them to the BE) and no load of the table
      // has been committed, both before and after reading MariaDB, MariaDB holds none of them.
      long[] seen = {-1};
      DorisPipelineRun.await(
          "an open load before any commit",
          Duration.ofSeconds(60),
          () -> {
            List<DorisEmulatorService.Txn> before = txns(run);
            long rows = count(dwd);
            List<DorisEmulatorService.Txn> after = txns(run);
            boolean open =
                before.stream()
                    .anyMatch(
                        t ->
                            t.table().equals("dwd_trades")
                                && t.status().equals("PREPARE")
                                && t.id() > probeId(before));
            boolean committed =
                after.stream()
                    .anyMatch(t -> t.table().equals("dwd_trades") && t.status().equals("VISIBLE"));
            if (open && !committed) {
              seen[0] = rows;
              return true;
            }
            return false;
          });
      assertThat(seen[0]).isZero();
      DorisPipelineRun.await(
          "the checkpoint to commit",
          Duration.ofSeconds(60),
          () ->
              txns(run).stream()
                  .anyMatch(t -> t.table().equals("dwd_trades") && t.status().equals("VISIBLE")));
      assertThat(MariaDbService.count(dwd)).isEqualTo(expectedDwd(first).size());
      // The start-up label probe ran and was aborted, as the connector does against real Doris.
      assertThat(txns(run))
          .anyMatch(
              t ->
                  t.table().equals("dwd_trades")
                      && t.status().equals("ABORTED")
                      && t.loadedRows() == 0);
      assertThat(MariaDbService.count(run.database + ".symbol_minute"))
          .as("no window is closed yet")
          .isZero();
    } finally {
      DorisPipelineRun.kill(job);
    }
  }

  // Timeouts are for hangs; on a loaded 2-core machine the first job of a JVM alone can take 30 s.
  @Test
  @Timeout(120)
  void aRunUntilTheEndOfTheTopicCommitsEverythingWhenItEnds() throws Exception {
    DorisPipelineRun run = new DorisPipelineRun(Duration.ofSeconds(20));
    List<Trade> all = new ArrayList<>(trades(0, 90));
    Trade last = all.get(all.size() - 1);
    all.add(
        new Trade(
            "T-sentinel",
            "ACC-0",
            "ZZZZ",
            "BUY",
            new BigDecimal("1.0000"),
            1,
            last.time().plus(5, ChronoUnit.MINUTES)));
    run.produce(all);
    // The job ends when the input does; the checkpoint Flink takes then commits the last
    // pre-committed rows, as in `strata run --until-end-of-topics`.
    run.runToEnd();
    assertThat(actualDwd(run)).isEqualTo(expectedDwd(all));
    // At the end of the input the watermark closes every window, the sentinel's too.
    Map<String, List<String>> dws = actualSymbolMinute(run);
    assertThat(dws).containsAllEntriesOf(expectedSymbolMinute(all));
    assertThat(dws.keySet()).anyMatch(k -> k.endsWith("|ZZZZ"));
  }

  @Test
  @Timeout(200)
  void killedAndRestoredJobsEndWithTheIndependentResult() throws Exception {
    DorisPipelineRun run = new DorisPipelineRun(Duration.ofSeconds(2));
    List<Trade> all = new ArrayList<>();
    String dwd = run.database + ".dwd_trades";

    // Kill 1: rows of a burst are in an open (uncommitted) load when the job dies.
    List<Trade> burst = trades(0, 60);
    all.addAll(burst);
    run.produce(burst);
    JobClient job = run.start(null);
    DorisPipelineRun.await(
        "the first rows to commit", Duration.ofSeconds(60), () -> count(dwd) > 0);
    burst = trades(60, 40);
    all.addAll(burst);
    run.produce(burst);
    Thread.sleep(400);
    DorisPipelineRun.kill(job);

    // Kill 2: just after a checkpoint completed (its transactions may not be committed yet).
    job = run.start(run.latestCheckpoint().orElseThrow());
    burst = withDuplicates(trades(100, 40), all);
    all.addAll(burst);
    run.produce(burst);
    run.awaitCheckpointAfter(System.currentTimeMillis(), Duration.ofSeconds(30));
    DorisPipelineRun.kill(job);

    // Kill 3: right after a restore, before the restored job's first checkpoint.
    job = run.start(run.latestCheckpoint().orElseThrow());
    burst = trades(140, 40);
    all.addAll(burst);
    run.produce(burst);
    Thread.sleep(300);
    DorisPipelineRun.kill(job);

    // Last restore: the rest, then a trade minutes later whose watermark closes every earlier
    // window.
    job = run.start(run.latestCheckpoint().orElseThrow());
    try {
      burst = new ArrayList<>(trades(180, 40));
      Trade last = burst.get(burst.size() - 1);
      burst.add(
          new Trade(
              "T-sentinel",
              "ACC-0",
              "ZZZZ",
              "BUY",
              new BigDecimal("1.0000"),
              1,
              last.time().plus(5, ChronoUnit.MINUTES)));
      all.addAll(burst);
      run.produce(burst);

      Map<String, List<String>> expectedDwd = expectedDwd(all);
      Map<String, List<String>> expectedDws = expectedSymbolMinute(all);
      DorisPipelineRun.await(
          "the tables to reach the expected rows",
          Duration.ofSeconds(90),
          () ->
              count(dwd) >= expectedDwd.size()
                  && count(run.database + ".symbol_minute") >= expectedDws.size());
      Thread.sleep(3000); // two more checkpoints: nothing further may arrive
      assertThat(actualDwd(run)).isEqualTo(expectedDwd);
      assertThat(actualSymbolMinute(run)).isEqualTo(expectedDws);
      // The kills did hit rows in flight: loads that were open or pre-committed when a job died
      // were aborted (by the emulator when the connection dropped, or by the restored job's label
      // probe), and their rows were written again after the restore.
      assertThat(txns(run))
          .anyMatch(
              t ->
                  t.table().equals("dwd_trades")
                      && t.status().equals("ABORTED")
                      && (t.loadedRows() > 0 || t.reason().contains("not received completely")));
      // Nothing is left pre-committed but forgotten, except what the running job may hold now.
      assertThat(txns(run).stream().filter(t -> t.status().equals("PRECOMMITTED")).count())
          .isLessThanOrEqualTo(2);
    } finally {
      DorisPipelineRun.kill(job);
    }
  }

  // --- the data and its independent computation ------------------------------------------------

  /** Trades number from..from+n-1, two seconds apart, with some that DWD filters out. */
  static List<Trade> trades(int from, int n) {
    List<Trade> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String symbol = SYMBOLS[i % SYMBOLS.length];
      long quantity = i % 17 == 5 ? 0 : 10 + (i * 7) % 90; // quantity 0: filtered
      String side = i % 23 == 7 ? "HOLD" : (i % 2 == 0 ? "BUY" : "SELL"); // not a side: filtered
      BigDecimal price =
          new BigDecimal(100 + (i * 13) % 50)
              .add(new BigDecimal(i % 100).movePointLeft(2))
              .setScale(4);
      out.add(
          new Trade(
              "T-" + i,
              "ACC-" + (i % 5),
              symbol,
              side,
              price,
              quantity,
              START.plusSeconds(2L * i)));
    }
    return out;
  }

  /** The burst plus re-sent copies of a few earlier trades (a producer retry). */
  static List<Trade> withDuplicates(List<Trade> burst, List<Trade> earlier) {
    List<Trade> out = new ArrayList<>(burst);
    for (int i = 0; i < earlier.size(); i += 11) {
      out.add(earlier.get(i));
    }
    return out;
  }

  private static boolean valid(Trade t) {
    return t.quantity() > 0
        && t.price().signum() > 0
        && (t.side().equals("BUY") || t.side().equals("SELL"));
  }

  static Map<String, List<String>> expectedDwd(List<Trade> all) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Trade t : all) {
      if (valid(t)) {
        out.putIfAbsent(
            t.tradeId(),
            List.of(
                t.accountId(),
                t.symbol(),
                t.side(),
                t.price().setScale(4).toPlainString(),
                Long.toString(t.quantity()),
                t.price()
                    .multiply(BigDecimal.valueOf(t.quantity()))
                    .setScale(4, RoundingMode.HALF_UP)
                    .toPlainString(),
                LocalDateTime.ofInstant(t.time(), ZoneOffset.UTC).toString()));
      }
    }
    return out;
  }

  /** Closed one-minute windows per symbol (every window before the last trade's minute). */
  static Map<String, List<String>> expectedSymbolMinute(List<Trade> all) {
    Map<String, Trade> unique = new LinkedHashMap<>();
    all.stream()
        .filter(DorisSinkEndToEndTest::valid)
        .forEach(t -> unique.putIfAbsent(t.tradeId(), t));
    Instant lastMinute =
        unique.values().stream()
            .map(Trade::time)
            .max(Instant::compareTo)
            .orElseThrow()
            .truncatedTo(ChronoUnit.MINUTES);
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (Trade t : unique.values()) {
      Instant w = t.time().truncatedTo(ChronoUnit.MINUTES);
      if (!w.isBefore(lastMinute)) {
        continue;
      }
      String key = LocalDateTime.ofInstant(w, ZoneOffset.UTC) + "|" + t.symbol();
      long[] c = counts.computeIfAbsent(key, k -> new long[2]);
      c[0]++;
      c[1] += t.quantity();
      BigDecimal notional =
          t.price().multiply(BigDecimal.valueOf(t.quantity())).setScale(4, RoundingMode.HALF_UP);
      BigDecimal[] s =
          sums.computeIfAbsent(
              key, k -> new BigDecimal[] {BigDecimal.ZERO.setScale(4), null, null});
      s[0] = s[0].add(notional);
      s[1] = s[1] == null || t.price().compareTo(s[1]) > 0 ? t.price() : s[1];
      s[2] = s[2] == null || t.price().compareTo(s[2]) < 0 ? t.price() : s[2];
    }
    Map<String, List<String>> out = new TreeMap<>();
    counts.forEach(
        (k, c) -> {
          BigDecimal[] s = sums.get(k);
          out.put(
              k,
              List.of(
                  Long.toString(c[0]),
                  Long.toString(c[1]),
                  s[0].setScale(4).toPlainString(),
                  s[1].setScale(4).toPlainString(),
                  s[2].setScale(4).toPlainString()));
        });
    return out;
  }

  // --- what landed in MariaDB ------------------------------------------------------------------

  static Map<String, List<String>> actualDwd(DorisPipelineRun run) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map<String, String> r :
        MariaDbService.query("SELECT * FROM " + run.database + ".dwd_trades")) {
      out.put(
          r.get("trade_id"),
          List.of(
              r.get("account_id"),
              r.get("symbol"),
              r.get("side"),
              r.get("price"),
              r.get("quantity"),
              r.get("notional"),
              time(r.get("trade_time")).toString()));
    }
    return out;
  }

  static Map<String, List<String>> actualSymbolMinute(DorisPipelineRun run) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map<String, String> r :
        MariaDbService.query("SELECT * FROM " + run.database + ".symbol_minute")) {
      String key = time(r.get("window_start")) + "|" + r.get("symbol");
      out.put(
          key,
          List.of(
              r.get("trade_count"),
              r.get("volume"),
              r.get("notional"),
              r.get("high"),
              r.get("low")));
    }
    return out;
  }

  /** A DATETIME as the JDBC driver prints it ("2026-11-23 09:30:00.123000"). */
  private static LocalDateTime time(String text) {
    return LocalDateTime.parse(text.replace(' ', 'T'));
  }

  /** The id of the start-up label probe of dwd_trades (an empty load, aborted at once), or -1. */
  private static long probeId(List<DorisEmulatorService.Txn> txns) {
    return txns.stream()
        .filter(
            t ->
                t.table().equals("dwd_trades")
                    && t.status().equals("ABORTED")
                    && t.reason().equals("User Abort"))
        .mapToLong(DorisEmulatorService.Txn::id)
        .min()
        .orElse(Long.MAX_VALUE);
  }

  private static long count(String table) {
    try {
      return MariaDbService.count(table);
    } catch (SQLException e) {
      return 0;
    }
  }

  private static List<DorisEmulatorService.Txn> txns(DorisPipelineRun run) {
    try {
      return DorisEmulatorService.transactions(run.database);
    } catch (Exception e) {
      return List.of();
    }
  }
}
