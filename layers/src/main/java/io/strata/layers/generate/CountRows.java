package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** Passes rows through, counting them under a name (for example a table's {@code out}). */
public final class CountRows extends RichMapFunction<Row, Row> {
  private final FlowCounter counter;

  public CountRows(TableRef table, String name) {
    this.counter = new FlowCounter(table, name);
  }

  /**
   * The rows of {@code in} counted under {@code name} by an operator named and uid'd {@code
   * <table>/<name>}; with lineage off, {@code in} itself: no operator at all.
   */
  public static DataStream<Row> after(
      JobContext ctx, DataStream<Row> in, TableRef table, String name) {
    if (!ctx.options().lineage()) {
      return in;
    }
    return in.map(new CountRows(table, name))
        .returns(in.getType())
        .name(table + "/" + name)
        .uid(table + "/" + name);
  }

  @Override
  public void open(Configuration parameters) {
    counter.open(getRuntimeContext());
  }

  @Override
  public Row map(Row row) {
    counter.inc();
    return row;
  }
}
