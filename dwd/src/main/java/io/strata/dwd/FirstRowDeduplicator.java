package io.strata.dwd;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.FlowCounter;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Keeps the first row per key; a row whose key was seen within {@code within} of event time is a
 * duplicate, dropped and counted. State per key is cleared by an event-time timer, so it stays
 * bounded and the result does not depend on processing speed.
 */
final class FirstRowDeduplicator extends KeyedProcessFunction<String, Row, Row> {
  private final long withinMillis;
  private final FlowCounter deduplicated;
  private transient ValueState<Long> firstSeen;

  FirstRowDeduplicator(TableRef table, long withinMillis) {
    this.withinMillis = withinMillis;
    this.deduplicated = new FlowCounter(table, "deduplicated");
  }

  @Override
  public void open(Configuration parameters) {
    deduplicated.open(getRuntimeContext());
    firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen", Types.LONG));
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    if (firstSeen.value() != null) {
      deduplicated.inc();
      return;
    }
    long ts =
        ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
    firstSeen.update(ts);
    ctx.timerService().registerEventTimeTimer(ts + withinMillis);
    out.collect(row);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) {
    firstSeen.clear();
  }
}
