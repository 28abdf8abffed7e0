package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import io.strata.tests.support.ClickHouseService;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real ClickHouse server is stopped for 30 s while the pipeline runs and trades keep arriving.
 * The job must neither fail (it runs without a restart strategy, so any error would end it) nor
 * drop rows: it waits, then catches up, and the tables equal TradingTruth with no row counted
 * twice.
 */
class ClickHouseOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private ClickHousePipelineRun run;
  private JobClient job;

  @AfterEach
  void cleanUp() throws Exception {
    if (!ClickHouseService.answers()) {
      ClickHouseService.start();
    }
    if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get();
    }
    if (run != null) {
      run.dropDatabase();
    }
  }

  @Test
  @Timeout(180)
  void aThirtySecondOutageSlowsTheJobButLosesAndDoublesNothing() throws Exception {
    run = new ClickHousePipelineRun("outage");
    List<ScenarioRecord> trades =
        TradingScenario.generate(
                TradingScenario.Options.defaults()
                    .withTrades(3000)
                    .withQuotesPerTrade(0)
                    .withSeed(7))
            .trades();
    TradingTruth truth = TradingTruth.compute(trades, TradingTruth.Settings.flinkSqlDecimals());
    int third = trades.size() / 3;

    job = run.start(null);
    run.produce(trades.subList(0, third));
    long firstPart =
        TradingTruth.compute(trades.subList(0, third), TradingTruth.Settings.flinkSqlDecimals())
            .dwdTrades()
            .size();
    ClickHousePipelineRun.await(
        "the first third in ClickHouse",
        Duration.ofSeconds(60),
        () -> run.count("dwd_trades", true) >= firstPart);

    ClickHouseService.stopKeepingData();
    long outageStarted = System.nanoTime();
    assertThat(ClickHouseService.answers()).isFalse();
    // Trades keep coming while ClickHouse is down; the job reads them and holds its batches.
    run.produce(trades.subList(third, 2 * third));
    Thread.sleep(OUTAGE.toMillis() / 2);
    run.produce(trades.subList(2 * third, trades.size()));
    long left = OUTAGE.toNanos() - (System.nanoTime() - outageStarted);
    if (left > 0) {
      Thread.sleep(left / 1_000_000);
    }
    assertThat(job.getJobStatus().get())
        .as("job status after %s without ClickHouse", OUTAGE)
        .isEqualTo(JobStatus.RUNNING);
    ClickHouseService.start();
    long back = System.nanoTime();
    long rowsRightAfterRestart = run.count("dwd_trades", true);

    List<String> expectedDwd = ClickHousePipelineRun.expectedDwdTrades(truth);
    List<String> expectedSymbol = ClickHousePipelineRun.expectedSymbolMinute(truth);
    List<String> expectedAccount = ClickHousePipelineRun.expectedAccountMinute(truth);
    ClickHousePipelineRun.await(
        "ClickHouse to catch up with the truth",
        Duration.ofSeconds(60),
        () ->
            run.dwdTradesFinal().equals(expectedDwd)
                && run.symbolMinuteFinal().equals(expectedSymbol)
                && run.accountMinuteFinal().equals(expectedAccount));
    double catchUp = (System.nanoTime() - back) / 1e9;

    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(rowsRightAfterRestart)
        .as("rows held back during the outage")
        .isLessThan(expectedDwd.size());
    assertThat(run.dwdTradesFinal()).containsExactlyElementsOf(expectedDwd);
    assertThat(run.symbolMinuteFinal()).containsExactlyElementsOf(expectedSymbol);
    assertThat(run.accountMinuteFinal()).containsExactlyElementsOf(expectedAccount);
    assertThat(
            ClickHouseService.queryLong(
                "SELECT uniqExact(trade_id) FROM " + run.table("dwd_trades")))
        .isEqualTo(expectedDwd.size());
    System.out.printf(
        "outage test: %d rows before the outage, %d right after it, caught up %.1f s after"
            + " ClickHouse came back; %d dwd, %d symbol_minute, %d account_minute rows%n",
        firstPart,
        rowsRightAfterRestart,
        catchUp,
        expectedDwd.size(),
        expectedSymbol.size(),
        expectedAccount.size());
  }

  @Test
  @Timeout(150)
  void anOutageLongerThanTheRetryTimeoutRestartsTheJobFromItsCheckpointAndLosesNothing()
      throws Exception {
    CapturedMetrics.run(this::outageLongerThanTheRetryTimeout);
  }

  private void outageLongerThanTheRetryTimeout() throws Exception {
    run =
        new ClickHousePipelineRun(
            "outage_restart", Duration.ofSeconds(3), true, Duration.ofSeconds(1));
    List<ScenarioRecord> trades =
        TradingScenario.generate(
                TradingScenario.Options.defaults()
                    .withTrades(2000)
                    .withQuotesPerTrade(0)
                    .withSeed(11))
            .trades();
    TradingTruth truth = TradingTruth.compute(trades, TradingTruth.Settings.flinkSqlDecimals());
    int half = trades.size() / 2;

    job = run.start(null);
    run.produce(trades.subList(0, half));
    long firstHalf =
        TradingTruth.compute(trades.subList(0, half), TradingTruth.Settings.flinkSqlDecimals())
            .dwdTrades()
            .size();
    ClickHousePipelineRun.await(
        "the first half in ClickHouse",
        Duration.ofSeconds(60),
        () -> run.count("dwd_trades", true) >= firstHalf);

    ClickHouseService.stopKeepingData();
    run.produce(trades.subList(half, trades.size()));
    // Down for longer than the 3 s retry timeout: the sink gives up, the job fails and restarts
    // from its last checkpoint (its writers wait for ClickHouse again on start), maybe repeatedly.
    ClickHousePipelineRun.await(
        "the job to restart",
        Duration.ofSeconds(60),
        () -> CapturedMetrics.gauge("numRestarts") >= 1);
    Thread.sleep(3_000);
    ClickHouseService.start();

    List<String> expectedDwd = ClickHousePipelineRun.expectedDwdTrades(truth);
    List<String> expectedSymbol = ClickHousePipelineRun.expectedSymbolMinute(truth);
    List<String> expectedAccount = ClickHousePipelineRun.expectedAccountMinute(truth);
    ClickHousePipelineRun.await(
        "ClickHouse to catch up with the truth",
        Duration.ofSeconds(60),
        () ->
            run.dwdTradesFinal().equals(expectedDwd)
                && run.symbolMinuteFinal().equals(expectedSymbol)
                && run.accountMinuteFinal().equals(expectedAccount));

    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(run.dwdTradesFinal()).containsExactlyElementsOf(expectedDwd);
    assertThat(run.symbolMinuteFinal()).containsExactlyElementsOf(expectedSymbol);
    assertThat(run.accountMinuteFinal()).containsExactlyElementsOf(expectedAccount);
    System.out.printf(
        "outage-restart test: %d restarts of the job; %d dwd, %d symbol_minute, %d account_minute rows%n",
        CapturedMetrics.gauge("numRestarts"),
        expectedDwd.size(),
        expectedSymbol.size(),
        expectedAccount.size());
  }
}
