package io.strata.tests.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradingScenario;
import io.strata.demo.TradingTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Effectively-once into ClickHouse: the pipeline is killed at several points of a run (right after
 * rows landed, just after a checkpoint, in the middle of a burst) and restored from its last
 * checkpoint each time. Rows written after that checkpoint are written again; the tables read with
 * FINAL must still equal TradingTruth's independent computation, row for row.
 */
class ClickHouseRestoreTest {
  private static final TradingTruth.Settings SETTINGS = TradingTruth.Settings.flinkSqlDecimals();
  private ClickHousePipelineRun run;
  private JobClient job;

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get();
    }
    if (run != null) {
      run.dropDatabase();
    }
  }

  @Test
  @Timeout(180)
  void killedAndRestoredJobsLeaveExactlyTheTruthInClickHouse() throws Exception {
    // Checkpoints every 3 s, so that rows written after the last one (and re-sent after the
    // restore) are there at each kill but the one that waits for a checkpoint.
    run =
        new ClickHousePipelineRun("restore", Duration.ofMinutes(10), false, Duration.ofSeconds(3));
    List<ScenarioRecord> trades =
        TradingScenario.generate(
                TradingScenario.Options.defaults().withTrades(4000).withQuotesPerTrade(0))
            .trades();
    TradingTruth truth = TradingTruth.compute(trades, SETTINGS);
    int chunks = 4;

    long t0 = System.nanoTime();
    job = run.start(null);
    run.stopMerges();
    log(t0, "started");
    long expectedBefore = 0;
    for (int i = 0; i < chunks; i++) {
      int end = (i + 1) * trades.size() / chunks;
      run.produce(trades.subList(i * trades.size() / chunks, end));
      if (i == chunks - 1) {
        break;
      }
      long expectedSoFar =
          TradingTruth.compute(trades.subList(0, end), SETTINGS).dwdTrades().size();
      switch (i) {
        case 0 -> // right after this burst's rows landed: those after the last checkpoint are
            // re-sent
            ClickHousePipelineRun.await(
                "dwd rows of burst 1",
                Duration.ofSeconds(60),
                () -> distinctTrades() >= expectedSoFar);
        case 1 -> { // just after a checkpoint that covers the burst
          ClickHousePipelineRun.await(
              "dwd rows of burst 2",
              Duration.ofSeconds(60),
              () -> distinctTrades() >= expectedSoFar);
          run.awaitCheckpointAfter(System.currentTimeMillis(), Duration.ofSeconds(30));
          Thread.sleep(300);
        }
        default -> { // in the middle of the burst
          long middle = (expectedBefore + expectedSoFar) / 2;
          ClickHousePipelineRun.await(
              "half of burst 3", Duration.ofSeconds(60), () -> distinctTrades() >= middle);
        }
      }
      expectedBefore = expectedSoFar;
      log(t0, "burst " + (i + 1) + " landed");
      kill();
      log(t0, "killed");
      Path checkpoint = run.latestCheckpoint().orElse(null);
      job = run.start(checkpoint);
      log(t0, "restored from " + checkpoint);
    }

    List<String> expectedDwd = ClickHousePipelineRun.expectedDwdTrades(truth);
    List<String> expectedSymbol = ClickHousePipelineRun.expectedSymbolMinute(truth);
    List<String> expectedAccount = ClickHousePipelineRun.expectedAccountMinute(truth);
    ClickHousePipelineRun.await(
        "ClickHouse tables to equal the truth",
        Duration.ofSeconds(60),
        () ->
            run.dwdTradesFinal().equals(expectedDwd)
                && run.symbolMinuteFinal().equals(expectedSymbol)
                && run.accountMinuteFinal().equals(expectedAccount));
    log(t0, "equal to the truth");
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

    assertThat(run.dwdTradesFinal()).containsExactlyElementsOf(expectedDwd);
    assertThat(run.symbolMinuteFinal()).containsExactlyElementsOf(expectedSymbol);
    assertThat(run.accountMinuteFinal()).containsExactlyElementsOf(expectedAccount);
    assertThat(expectedDwd).hasSize(truth.dwdTrades().size()).isNotEmpty();
    assertThat(expectedSymbol).isNotEmpty();
    // Merges are stopped, so the copies written again after each restore are still there: the
    // kills did make the pipeline re-send rows, and FINAL hid every copy.
    long raw = run.count("dwd_trades", false);
    System.out.printf(
        "restore test: %d dwd rows, %d symbol_minute rows, %d account_minute rows; %d dwd rows"
            + " written in all (%d re-sent after restores)%n",
        expectedDwd.size(),
        expectedSymbol.size(),
        expectedAccount.size(),
        raw,
        raw - expectedDwd.size());
    assertThat(raw).isGreaterThan(expectedDwd.size());
  }

  private static void log(long t0, String what) {
    System.out.printf("restore test +%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  private long distinctTrades() {
    return io.strata.tests.support.ClickHouseService.queryLong(
        "SELECT uniqExact(trade_id) FROM " + run.table("dwd_trades"));
  }

  private void kill() throws Exception {
    job.cancel().get();
    ClickHousePipelineRun.await(
        "the job to stop",
        Duration.ofSeconds(30),
        () -> {
          try {
            return job.getJobStatus().get().isGloballyTerminalState();
          } catch (Exception e) {
            return true; // the MiniCluster of a finished job is gone
          }
        });
  }
}
