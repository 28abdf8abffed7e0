package io.strata.dwd;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.FlowCounter;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.types.Row;

/** Keeps rows whose {@code where} flag (computed by Flink SQL) is true; counts the others. */
final class WhereFilter extends RichFilterFunction<Row> {
  private final int flagIndex;
  private final FlowCounter filtered;

  WhereFilter(TableRef table, int flagIndex) {
    this.flagIndex = flagIndex;
    this.filtered = new FlowCounter(table, "filtered");
  }

  @Override
  public void open(Configuration parameters) {
    filtered.open(getRuntimeContext());
  }

  @Override
  public boolean filter(Row row) {
    if (Boolean.TRUE.equals(row.getField(flagIndex))) {
      return true;
    }
    filtered.inc();
    return false;
  }
}
