package io.strata.connectors.clickhouse;

import io.strata.connectors.clickhouse.ClickHouseHttp.ClickHouseException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends encoded batches to ClickHouse on one background thread, in order, with at most {@code
 * maxInFlight} batches queued or sending. {@link #submit} blocks while that many are pending
 * (backpressure: a slow or stopped ClickHouse slows the job, it never loses rows); a batch that
 * fails transiently is retried with backoff until the retry timeout, then the writer fails.
 */
final class ClickHouseBatchSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseBatchSender.class);

  /** Sleeps between attempts; a test can make time pass without waiting. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** One attempt to insert a batch. */
  interface Insert {
    void run(byte[] body, int length) throws ClickHouseException;
  }

  private final String target;
  private final Insert insert;
  private final ClickHouseRetryPolicy retry;
  private final int maxInFlight;
  private final Semaphore permits;
  private final ExecutorService thread;
  private final LongConsumer onLanded;
  private final Runnable onRetry;
  private final Sleeper sleeper;
  private volatile Throwable failure;

  ClickHouseBatchSender(
      String target,
      Insert insert,
      ClickHouseRetryPolicy retry,
      int maxInFlight,
      LongConsumer onLanded,
      Runnable onRetry,
      Sleeper sleeper) {
    this.target = target;
    this.insert = insert;
    this.retry = retry;
    this.maxInFlight = maxInFlight;
    this.permits = new Semaphore(maxInFlight);
    this.onLanded = onLanded;
    this.onRetry = onRetry;
    this.sleeper = sleeper;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "clickhouse-sender " + target);
              t.setDaemon(true);
              return t;
            });
  }

  static ClickHouseBatchSender forTable(
      ClickHouseSinkSettings s,
      ClickHouseHttp http,
      List<String> columns,
      LongConsumer onLanded,
      Runnable onRetry) {
    String table = s.qualifiedTable();
    return new ClickHouseBatchSender(
        table,
        (body, length) -> http.insertRowBinary(table, columns, body, 0, length),
        s.retry(),
        s.maxInFlightBatches(),
        onLanded,
        onRetry,
        d -> Thread.sleep(d.toMillis()));
  }

  /** Queues a batch; blocks while {@code maxInFlight} batches are pending. */
  void submit(byte[] body, int length, int rows) throws IOException, InterruptedException {
    submit(body, length, rows, () -> {});
  }

  /**
   * Queues a batch; {@code whenVisible} runs on the sender thread as soon as ClickHouse has
   * accepted it (after {@code onLanded}). Blocks while {@code maxInFlight} batches are pending.
   */
  void submit(byte[] body, int length, int rows, Runnable whenVisible)
      throws IOException, InterruptedException {
    acquire(1);
    try {
      thread.execute(
          () -> {
            try {
              if (failure == null) {
                sendWithRetries(body, length, rows);
                whenVisible.run();
              }
            } catch (Throwable t) {
              failure = t;
            } finally {
              permits.release();
            }
          });
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Blocks until every submitted batch is in ClickHouse; throws if one could not be written. */
  void awaitAll() throws IOException, InterruptedException {
    acquire(maxInFlight);
    permits.release(maxInFlight);
    checkFailure();
  }

  /** Throws the failure of an earlier batch, if any. */
  void checkFailure() throws IOException {
    Throwable f = failure;
    if (f instanceof IOException io) {
      throw new IOException(io.getMessage(), io);
    }
    if (f != null) {
      throw new IOException("writing to ClickHouse table " + target + " failed: " + f, f);
    }
  }

  private void acquire(int n) throws IOException, InterruptedException {
    while (!permits.tryAcquire(n, 200, TimeUnit.MILLISECONDS)) {
      checkFailure();
    }
    if (failure != null) {
      permits.release(n);
      checkFailure();
    }
  }

  private void sendWithRetries(byte[] body, int length, int rows)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        insert.run(body, length);
        if (attempt > 1) {
          LOG.info(
              "ClickHouse table {} took a batch of {} rows after {} attempts ({} ms)",
              target,
              rows,
              attempt,
              (System.nanoTime() - started) / 1_000_000);
        }
        onLanded.accept(rows);
        return;
      } catch (ClickHouseException e) {
        if (!e.isTransient()) {
          throw new IOException(
              "ClickHouse refused a batch of "
                  + rows
                  + " rows for "
                  + target
                  + ": "
                  + e.getMessage(),
              e);
        }
        Duration wait = retry.backoffBefore(attempt + 1);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (retry.givesUp(elapsed, wait)) {
          throw new IOException(
              "ClickHouse did not take a batch of "
                  + rows
                  + " rows for "
                  + target
                  + " within "
                  + retry.timeout().toSeconds()
                  + " s ("
                  + attempt
                  + " attempts); last error: "
                  + e.getMessage(),
              e);
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn(
              "ClickHouse table {} did not take a batch of {} rows (attempt {}), retrying in {} ms and holding"
                  + " back further rows: {}",
              target,
              rows,
              attempt,
              wait.toMillis(),
              e.getMessage());
        }
        onRetry.run();
        sleeper.sleep(wait);
      }
    }
  }

  /**
   * Stops without waiting for pending batches (they are re-sent after a restore from the
   * checkpoint).
   */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
