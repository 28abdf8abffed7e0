package io.strata.ods.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Row;

/**
 * Bounded-out-of-orderness watermarks that advance with each record (not on a timer), so that
 * whether a record is late depends only on the records before it in its partition: the same input
 * gives the same result on every run. Dead letters do not move the watermark.
 */
public final class OdsWatermarks {
  private OdsWatermarks() {}

  public static WatermarkStrategy<Row> strategy(int eventTimeIndex, int columns, long delayMillis) {
    return WatermarkStrategy.<Row>forGenerator(
            ctx -> new PerRecordBoundedDelay(columns, delayMillis))
        .withTimestampAssigner(
            (row, previous) -> {
              if (OdsDecoding.isDeadLetter(row, columns)) {
                return previous;
              }
              return toEpochMillis(row.getField(eventTimeIndex));
            });
  }

  public static long toEpochMillis(Object value) {
    if (value instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof LocalDateTime t) {
      // Flink SQL treats TIMESTAMP rowtime values as UTC epoch millis.
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalArgumentException("not an event time: " + value);
  }

  static final class PerRecordBoundedDelay implements WatermarkGenerator<Row> {
    private final int columns;
    private final long delay;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    PerRecordBoundedDelay(int columns, long delay) {
      this.columns = columns;
      this.delay = delay;
    }

    @Override
    public void onEvent(Row row, long timestamp, WatermarkOutput output) {
      if (OdsDecoding.isDeadLetter(row, columns)) {
        return;
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        long wm = maxTimestamp - delay - 1;
        if (wm > emitted) {
          emitted = wm;
          output.emitWatermark(new Watermark(wm));
        }
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (emitted > Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(emitted));
      }
    }
  }
}
