package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClickHouseVisibilityLatencyTest {
  private static final long T0 = 1_700_000_000_000L; // a bucket boundary (multiple of 10 s)
  private final AtomicLong now = new AtomicLong(T0);
  private final ClickHouseVisibilityLatency latency = new ClickHouseVisibilityLatency(now::get);

  @Test
  void reportsNothingBeforeTheFirstBatchIsVisible() {
    assertThat(latency.maxMillis()).isEqualTo(ClickHouseVisibilityLatency.NONE);
    assertThat(latency.meanMillis()).isEqualTo(ClickHouseVisibilityLatency.NONE);
    latency.landed(new ClickHouseVisibilityLatency.BatchTimes());
    assertThat(latency.maxMillis()).isEqualTo(ClickHouseVisibilityLatency.NONE);
  }

  @Test
  void measuresVisibleTimeMinusEachRowsVersionWhenTheBatchLands() {
    ClickHouseVisibilityLatency.BatchTimes batch = times(T0 - 900, T0 - 3_000, T0 - 2_100);
    now.set(T0 + 1_000); // the INSERT returned OK now, not when the rows were encoded
    latency.landed(batch);

    // Rows' latencies: 1,900 / 4,000 / 3,100 ms.
    assertThat(latency.maxMillis()).isEqualTo(4_000);
    assertThat(latency.meanMillis()).isEqualTo(3_000);
  }

  @Test
  void aggregatesTheBatchesOfTheLastTwoBucketsWeightedByRows() {
    now.set(T0 + 2_000);
    latency.landed(times(T0 + 1_000)); // 1 row, 1,000 ms
    now.set(T0 + 12_000); // next bucket
    latency.landed(times(T0 + 9_000, T0 + 9_000, T0 + 9_000)); // 3 rows, 3,000 ms each

    assertThat(latency.maxMillis()).isEqualTo(3_000);
    assertThat(latency.meanMillis()).isEqualTo((1_000 + 3 * 3_000) / 4);

    now.set(T0 + 21_000); // the first batch's bucket is now two buckets back: it drops out
    assertThat(latency.maxMillis()).isEqualTo(3_000);
    assertThat(latency.meanMillis()).isEqualTo(3_000);

    now.set(T0 + 22_000);
    latency.landed(times(T0 + 21_500)); // 500 ms
    assertThat(latency.maxMillis()).isEqualTo(3_000);
    assertThat(latency.meanMillis()).isEqualTo((3 * 3_000 + 500) / 4);
  }

  @Test
  void keepsTheLastBatchWhenNothingLandedRecently() {
    now.set(T0 + 5_000);
    latency.landed(times(T0 + 1_000, T0 + 4_000)); // 4,000 and 1,000 ms
    latency.landed(times(T0 + 4_800)); // 200 ms: the last batch

    now.set(T0 + 600_000);
    assertThat(latency.maxMillis()).isEqualTo(200);
    assertThat(latency.meanMillis()).isEqualTo(200);
  }

  @Test
  void aSpikeBetweenTwoPollsStillShowsInTheMax() {
    now.set(T0 + 1_000);
    latency.landed(times(T0 - 59_000)); // 60 s late: one slow batch
    for (int i = 2; i <= 19; i++) {
      now.set(T0 + i * 1_000L);
      latency.landed(times(now.get() - 100));
    }
    // A poll 18 s later still sees the spike (REST metrics are fetched every 10 s by default).
    assertThat(latency.maxMillis()).isEqualTo(60_000);
    assertThat(latency.meanMillis()).isBetween(3_000L, 4_000L);
  }

  @Test
  void eventTimesAheadOfTheClockReportZeroNotNegative() {
    now.set(T0);
    latency.landed(times(T0 + 5_000));
    assertThat(latency.maxMillis()).isZero();
    assertThat(latency.meanMillis()).isZero();
  }

  @Test
  void aLargeBatchOfRecentTimesDoesNotOverflow() {
    ClickHouseVisibilityLatency.BatchTimes batch = new ClickHouseVisibilityLatency.BatchTimes();
    for (int i = 0; i < 1_000_000; i++) {
      batch.add(T0 - 1_000 - (i % 1_000));
    }
    latency.landed(batch);
    assertThat(latency.maxMillis()).isEqualTo(1_999);
    assertThat(latency.meanMillis()).isEqualTo(1_500); // 1,499.5 rounded
  }

  private static ClickHouseVisibilityLatency.BatchTimes times(long... versions) {
    ClickHouseVisibilityLatency.BatchTimes b = new ClickHouseVisibilityLatency.BatchTimes();
    for (long v : versions) {
      b.add(v);
    }
    return b;
  }
}
