package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClickHouseRetryPolicyTest {
  private final ClickHouseRetryPolicy policy =
      new ClickHouseRetryPolicy(
          Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(10));

  @Test
  void backoffDoublesFromInitialUpToMax() {
    assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ZERO);
    assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoffBefore(6)).isEqualTo(Duration.ofMillis(3200));
    assertThat(policy.backoffBefore(7)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoffBefore(1000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void givesUpOnlyWhenTheNextWaitWouldPassTheTimeout() {
    assertThat(policy.givesUp(Duration.ofMinutes(9), Duration.ofSeconds(5))).isFalse();
    assertThat(policy.givesUp(Duration.ofSeconds(597), Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(
            () ->
                new ClickHouseRetryPolicy(
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ClickHouseRetryPolicy(
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
