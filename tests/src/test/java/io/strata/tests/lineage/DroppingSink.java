package io.strata.tests.lineage;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.FlowCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.types.Row;

/**
 * A test-only sink with a bug: it loses every {@code n}-th row yet counts the others as written
 * ({@code sink<i>_written}, the counter real sinks report), so the table → sink edge no longer
 * balances. The lineage service must notice.
 */
final class DroppingSink extends RichSinkFunction<Row> {
  private final int every;
  private final FlowCounter written;
  private long seen;

  DroppingSink(TableRef table, int sinkIndex, int every) {
    this.every = every;
    this.written = new FlowCounter(table, "sink" + sinkIndex + "_written");
  }

  @Override
  public void open(Configuration parameters) {
    written.open(getRuntimeContext());
  }

  @Override
  public void invoke(Row row, Context context) {
    if (++seen % every == 0) {
      return; // lost
    }
    written.inc();
  }
}
