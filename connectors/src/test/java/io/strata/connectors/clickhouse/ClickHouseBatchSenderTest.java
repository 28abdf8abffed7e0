package io.strata.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.connectors.clickhouse.ClickHouseHttp.ClickHouseException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ClickHouseBatchSenderTest {
  private static final ClickHouseRetryPolicy RETRY =
      new ClickHouseRetryPolicy(
          Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final AtomicLong landed = new AtomicLong();
  private final AtomicInteger retries = new AtomicInteger();

  @Test
  @Timeout(10)
  void retriesTransientFailuresWithGrowingBackoffUntilTheBatchLands() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (ClickHouseBatchSender sender =
        sender(
            (body, length) -> {
              if (attempts.incrementAndGet() <= 4) {
                throw new ClickHouseException("down", -1, -1, true, null);
              }
            },
            2)) {
      sender.submit(new byte[] {1}, 1, 10);
      sender.awaitAll();
    }
    assertThat(attempts).hasValue(5);
    assertThat(slept)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800));
    assertThat(landed).hasValue(10);
    assertThat(retries).hasValue(4);
  }

  @Test
  @Timeout(10)
  void failsTheWriterOnAPermanentRefusalWithoutRetrying() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (ClickHouseBatchSender sender =
        sender(
            (body, length) -> {
              attempts.incrementAndGet();
              throw new ClickHouseException(
                  "Code: 60, Table x doesn't exist", 60, 404, false, null);
            },
            2)) {
      sender.submit(new byte[] {1}, 1, 10);
      assertThatThrownBy(sender::awaitAll)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Table x doesn't exist");
      assertThatThrownBy(() -> sender.submit(new byte[] {1}, 1, 1)).isInstanceOf(IOException.class);
    }
    assertThat(attempts).hasValue(1);
    assertThat(landed).hasValue(0);
  }

  @Test
  @Timeout(10)
  void givesUpAfterTheRetryTimeout() throws Exception {
    ClickHouseRetryPolicy shortTimeout =
        new ClickHouseRetryPolicy(
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(50));
    try (ClickHouseBatchSender sender =
        new ClickHouseBatchSender(
            "t",
            (body, length) -> {
              throw new ClickHouseException("down", -1, -1, true, null);
            },
            shortTimeout,
            1,
            landed::addAndGet,
            retries::incrementAndGet,
            d -> Thread.sleep(d.toMillis()))) {
      sender.submit(new byte[] {1}, 1, 3);
      assertThatThrownBy(sender::awaitAll)
          .hasMessageContaining("did not take a batch of 3 rows for t within 0 s");
    }
  }

  @Test
  @Timeout(10)
  void blocksTheCallerWhileMaxInFlightBatchesArePendingAndKeepsTheirOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    try (ClickHouseBatchSender sender =
        sender(
            (body, length) -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              order.add((int) body[0]);
            },
            2)) {
      sender.submit(new byte[] {1}, 1, 1);
      sender.submit(new byte[] {2}, 1, 1);
      Thread third =
          new Thread(
              () -> {
                try {
                  sender.submit(new byte[] {3}, 1, 1);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      third.start();
      third.join(300);
      assertThat(third.isAlive()).as("third submit blocks (backpressure)").isTrue();
      release.countDown();
      third.join(TimeUnit.SECONDS.toMillis(5));
      assertThat(third.isAlive()).isFalse();
      sender.awaitAll();
    }
    assertThat(order).containsExactly(1, 2, 3);
    assertThat(landed).hasValue(3);
  }

  @Test
  @Timeout(10)
  void runsABatchsVisibilityCallbackOnlyOnceClickHouseAcceptedIt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    List<String> events = new CopyOnWriteArrayList<>();
    try (ClickHouseBatchSender sender =
        sender(
            (body, length) -> {
              events.add("attempt " + attempts.incrementAndGet());
              if (attempts.get() < 3) {
                throw new ClickHouseException("down", -1, -1, true, null);
              }
            },
            1)) {
      sender.submit(new byte[] {1}, 1, 5, () -> events.add("visible, landed " + landed.get()));
      sender.awaitAll();
    }
    assertThat(events).containsExactly("attempt 1", "attempt 2", "attempt 3", "visible, landed 5");
  }

  @Test
  @Timeout(10)
  void neverRunsTheVisibilityCallbackOfARefusedBatch() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    try (ClickHouseBatchSender sender =
        sender(
            (body, length) -> {
              throw new ClickHouseException("bad", 400, 27, false, null);
            },
            1)) {
      sender.submit(new byte[] {1}, 1, 5, () -> events.add("visible"));
      assertThatThrownBy(sender::awaitAll).isInstanceOf(IOException.class);
    }
    assertThat(events).isEmpty();
  }

  private ClickHouseBatchSender sender(ClickHouseBatchSender.Insert insert, int maxInFlight) {
    return new ClickHouseBatchSender(
        "t", insert, RETRY, maxInFlight, landed::addAndGet, retries::incrementAndGet, slept::add);
  }
}
