package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.io.Serializable;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A count of records on a layer edge (in, filtered, deduplicated, late, dead-lettered, out): a Flink
 * metric (one series per operator subtask, so linear in parallelism) and an accumulator (summed by
 * Flink at the end of a bounded run, for balance reports).
 */
public final class FlowCounter implements Serializable {
  public static final String METRIC_GROUP = "strata_table";
  private static final String ACCUMULATOR_PREFIX = "strata|";

  private final String table;
  private final String name;
  private transient Counter metric;
  private transient LongCounter accumulator;

  public FlowCounter(TableRef table, String name) {
    this.table = table.toString();
    this.name = name;
  }

  /** Call from the operator's open(). */
  public void open(RuntimeContext context) {
    metric = context.getMetricGroup().addGroup(METRIC_GROUP, table).counter(name);
    accumulator = new LongCounter();
    context.addAccumulator(accumulatorName(table, name), accumulator);
  }

  public void inc() {
    metric.inc();
    accumulator.add(1L);
  }

  public static String accumulatorName(String table, String counter) {
    return ACCUMULATOR_PREFIX + table + "|" + counter;
  }

  /** Parses an accumulator name back into {table, counter}; null if it is not a Strata counter. */
  public static String[] parseAccumulatorName(String name) {
    if (!name.startsWith(ACCUMULATOR_PREFIX)) {
      return null;
    }
    String[] parts = name.substring(ACCUMULATOR_PREFIX.length()).split("\\|");
    return parts.length == 2 ? parts : null;
  }
}
