package io.strata.dws;

import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.WindowDef;
import io.strata.layers.generate.DeadLetters;
import io.strata.layers.generate.FlowCounter;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends a record whose every window has already fired to the late output (counted, with its row),
 * instead of letting the window operator drop it silently. A record judged on time here is never
 * dropped downstream: the window operator's watermark is never ahead of this operator's.
 */
final class LateRecordFilter extends ProcessFunction<Row, Row> {
  static final OutputTag<byte[]> LATE =
      new OutputTag<>("late", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final String pipeline;
  private final String table;
  private final WindowDef window;
  private final String zone;
  private final boolean localTimeWindows;
  private final String[] names;
  private final FlowCounter windowed;
  private final FlowCounter late;
  private transient ZoneId zoneId;

  LateRecordFilter(
      String pipeline,
      TableRef table,
      WindowDef window,
      String zone,
      boolean localTimeWindows,
      String[] names) {
    this.pipeline = pipeline;
    this.table = table.toString();
    this.window = window;
    this.zone = zone;
    this.localTimeWindows = localTimeWindows;
    this.names = names;
    this.windowed = new FlowCounter(table, "windowed");
    this.late = new FlowCounter(table, "late");
  }

  @Override
  public void open(Configuration parameters) {
    windowed.open(getRuntimeContext());
    late.open(getRuntimeContext());
    zoneId = ZoneId.of(zone);
  }

  /** The epoch millis at which the last window containing {@code ts} ends. */
  long lastWindowEnd(long ts) {
    if (!localTimeWindows) {
      return window.lastWindowEnd(ts);
    }
    // TIMESTAMP_LTZ windows align to the session time zone, as Flink's window functions do.
    long offset = offsetMillis(ts);
    long localEnd = window.lastWindowEnd(ts + offset);
    return localEnd - offsetMillis(localEnd - offset);
  }

  private long offsetMillis(long epochMillis) {
    return zoneId.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) {
    Long ts = ctx.timestamp();
    long watermark = ctx.timerService().currentWatermark();
    if (ts != null && lastWindowEnd(ts) - 1 <= watermark) {
      late.inc();
      ctx.output(
          LATE,
          DeadLetters.late(
              pipeline,
              table,
              "late: event time "
                  + Instant.ofEpochMilli(ts)
                  + " is behind the watermark "
                  + Instant.ofEpochMilli(watermark)
                  + "; its windows have closed",
              names,
              row));
      return;
    }
    windowed.inc();
    out.collect(row);
  }
}
