package io.strata.connectors.clickhouse;

import io.strata.connectors.clickhouse.ClickHouseHttp.ClickHouseException;
import io.strata.connectors.clickhouse.RowBinaryRowEncoder.RejectedRowException;
import io.strata.layers.generate.FlowCounter;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches rows as RowBinary and hands full batches (or, after {@code batchInterval}, partial ones)
 * to a {@link ClickHouseBatchSender}. On every checkpoint, {@link #flush} sends the open batch and
 * waits until ClickHouse has everything, so a completed checkpoint means the rows are in the table.
 * Rows the table cannot hold go to {@link ClickHouseDeadLetters} and are counted. When a batch
 * lands, {@link ClickHouseVisibilityLatency} measures how far behind its rows' time it became
 * visible.
 */
final class ClickHouseSinkWriter implements SinkWriter<RowData> {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

  private final ClickHouseSinkSettings settings;
  private final RowBinaryRowEncoder encoder;
  private final ClickHouseBatchSender sender;
  private final ClickHouseDeadLetters deadLetters;
  private final ProcessingTimeService time;
  private final Counter written;
  private final Counter rejected;
  private final Counter retries;
  private final ClickHouseVisibilityLatency latency;
  private final boolean timed;
  private ClickHouseVisibilityLatency.BatchTimes batchTimes =
      new ClickHouseVisibilityLatency.BatchTimes();
  private RowBinaryBuffer batch;
  private int batchRows;
  private long batchOpenedAt;

  ClickHouseSinkWriter(ClickHouseSinkSettings settings, WriterInitContext context)
      throws IOException {
    this.settings = settings;
    ClickHouseHttp http = settings.http();
    Map<String, ClickHouseType> target = targetColumns(http);
    this.encoder =
        new RowBinaryRowEncoder(
            settings.columnNames(),
            settings.columnTypes(),
            target,
            settings.versionSource(),
            ZoneId.of(settings.timeZone()));
    MetricGroup group =
        context.metricGroup().addGroup(FlowCounter.METRIC_GROUP, settings.layerTable());
    this.written = group.counter(settings.metricName("written"), new ThreadSafeSimpleCounter());
    this.rejected = group.counter(settings.metricName("rejected"));
    this.retries = group.counter(settings.metricName("retries"), new ThreadSafeSimpleCounter());
    // End-to-end latency to visibility: only when _version is a time the wall clock compares with.
    this.timed = encoder.versionIsEpochMillis();
    this.latency = new ClickHouseVisibilityLatency(System::currentTimeMillis);
    if (timed) {
      group.gauge(settings.metricName("latency_max_ms"), (Gauge<Long>) latency::maxMillis);
      group.gauge(settings.metricName("latency_mean_ms"), (Gauge<Long>) latency::meanMillis);
    }
    Counter sent = context.metricGroup().getNumRecordsSendCounter();
    this.sender =
        ClickHouseBatchSender.forTable(
            settings,
            http,
            encoder.insertColumns(),
            rows -> {
              written.inc(rows);
              sent.inc(rows);
            },
            retries::inc);
    this.deadLetters = new ClickHouseDeadLetters(settings);
    this.time = context.getProcessingTimeService();
    this.batch = new RowBinaryBuffer(1 << 16);
    scheduleIntervalCheck();
  }

  /**
   * The target table's columns, waiting (with the retry policy) while ClickHouse is unreachable.
   */
  private Map<String, ClickHouseType> targetColumns(ClickHouseHttp http) throws IOException {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<ClickHouseSchemaCheck.ExistingTable> t =
            ClickHouseTables.describe(http, settings.database(), settings.table());
        if (t.isEmpty()) {
          throw new IOException(
              "ClickHouse table "
                  + settings.database()
                  + "."
                  + settings.table()
                  + " does not exist at "
                  + settings.url()
                  + "; `strata run` creates it before the job starts (SinkTranslator.prepare)");
        }
        Map<String, ClickHouseType> out = new HashMap<>();
        t.get().columns().forEach(c -> out.put(c.name(), ClickHouseType.parse(c.type())));
        return out;
      } catch (ClickHouseException e) {
        Duration wait = settings.retry().backoffBefore(attempt + 1);
        if (!e.isTransient()
            || settings.retry().givesUp(Duration.ofNanos(System.nanoTime() - started), wait)) {
          throw e;
        }
        LOG.warn(
            "cannot read ClickHouse table {} yet, retrying in {} ms: {}",
            settings.qualifiedTable(),
            wait.toMillis(),
            e.getMessage());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ie);
        }
      }
    }
  }

  @Override
  public void write(RowData row, Context context) throws IOException, InterruptedException {
    if (batchRows == 0) {
      batchOpenedAt = time.getCurrentProcessingTime();
    }
    try {
      long version = encoder.encode(row, batch);
      batchRows++;
      if (timed && version > 0) {
        batchTimes.add(version);
      }
    } catch (RejectedRowException e) {
      rejected.inc();
      deadLetters.write(e.getMessage(), encoder.describe(row));
    }
    if (batchRows >= settings.batchSize()) {
      sendBatch();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    sendBatch();
    sender.awaitAll();
    deadLetters.flush();
  }

  private void sendBatch() throws IOException, InterruptedException {
    sender.checkFailure();
    if (batchRows == 0) {
      return;
    }
    RowBinaryBuffer full = batch;
    int rows = batchRows;
    ClickHouseVisibilityLatency.BatchTimes times = batchTimes;
    batch = new RowBinaryBuffer(Math.max(1 << 16, full.size()));
    batchRows = 0;
    batchTimes = new ClickHouseVisibilityLatency.BatchTimes();
    sender.submit(full.array(), full.size(), rows, () -> latency.landed(times));
  }

  private void scheduleIntervalCheck() {
    long interval = Math.max(10, settings.batchInterval().toMillis());
    time.registerTimer(
        time.getCurrentProcessingTime() + Math.max(10, interval / 4),
        now -> {
          if (batchRows > 0 && now - batchOpenedAt >= interval) {
            sendBatch();
          } else {
            sender.checkFailure();
          }
          scheduleIntervalCheck();
        });
  }

  @Override
  public void close() {
    // Rows not yet flushed were after the last checkpoint: a restore sends them again.
    sender.close();
    deadLetters.close();
  }
}
