package io.strata.connectors.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long to wait before the next attempt of a batch ClickHouse did not take: exponential backoff
 * from {@code initial} doubling up to {@code max}, for at most {@code timeout} in total. While it
 * waits, the writer holds the batch and blocks (backpressure); after the timeout it fails the job,
 * which restarts from its last checkpoint.
 */
public record ClickHouseRetryPolicy(Duration initial, Duration max, Duration timeout)
    implements Serializable {

  public ClickHouseRetryPolicy {
    if (initial.isNegative()
        || initial.isZero()
        || max.compareTo(initial) < 0
        || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "retry backoff needs 0 < initial <= max and timeout >= 0: "
              + initial
              + ", "
              + max
              + ", "
              + timeout);
    }
  }

  /**
   * The wait before attempt {@code attempt} (2 is the first retry): initial * 2^(attempt-2), capped
   * at max.
   */
  public Duration backoffBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    int doublings = Math.min(attempt - 2, 40);
    long ms = initial.toMillis();
    for (int i = 0; i < doublings && ms < max.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }

  /** True when waiting {@code nextBackoff} more after {@code elapsed} would pass the timeout. */
  public boolean givesUp(Duration elapsed, Duration nextBackoff) {
    return elapsed.plus(nextBackoff).compareTo(timeout) > 0;
  }
}
