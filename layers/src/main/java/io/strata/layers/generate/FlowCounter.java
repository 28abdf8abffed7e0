package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import java.io.Serializable;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A count of records on a layer edge (in, filtered, deduplicated, late, dead-lettered, out): a
 * Flink metric (one series per operator subtask, so linear in parallelism) and an accumulator
 * (summed by Flink at the end of a bounded run, for balance reports).
 *
 * <p>With {@link RunOptions#lineage()} off, a counter made while {@link JobComposer} composes the
 * job registers nothing and {@link #inc()} does nothing: the operators that count on the side of
 * their real work (dead-lettering, filtering, deduplicating, ...) are built by translators that do
 * not see the run options, so the composer tells them through {@link #composing}.
 */
public final class FlowCounter implements Serializable {
  public static final String METRIC_GROUP = "strata_table";
  private static final String ACCUMULATOR_PREFIX = "strata|";

  /** Whether counters made on this thread now count; set by the composer for one composition. */
  private static final ThreadLocal<Boolean> COUNTING = ThreadLocal.withInitial(() -> Boolean.TRUE);

  private final String table;
  private final String name;
  private final boolean enabled;
  private transient Counter metric;
  private transient LongCounter accumulator;

  public FlowCounter(TableRef table, String name) {
    this.table = table.toString();
    this.name = name;
    this.enabled = COUNTING.get();
  }

  /**
   * Runs {@code composition} with counters made on this thread on or off, then restores the
   * previous setting (compositions can nest: a translator may compose a sub-job).
   */
  static <T> T composing(boolean lineage, java.util.function.Supplier<T> composition) {
    Boolean before = COUNTING.get();
    COUNTING.set(lineage);
    try {
      return composition.get();
    } finally {
      COUNTING.set(before);
    }
  }

  /**
   * Whether this counter registers and counts (false when the job was composed with lineage off).
   */
  public boolean enabled() {
    return enabled;
  }

  /** Call from the operator's open(). */
  public void open(RuntimeContext context) {
    if (!enabled) {
      return;
    }
    metric = context.getMetricGroup().addGroup(METRIC_GROUP, table).counter(name);
    accumulator = new LongCounter();
    context.addAccumulator(accumulatorName(table, name), accumulator);
  }

  public void inc() {
    if (!enabled) {
      return;
    }
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
