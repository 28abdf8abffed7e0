package io.strata.lineage.flow;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.FlowCounter;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flow counters of a pipeline at one moment: per table ({@code layer.table}), per counter
 * ({@code read}, {@code out}, {@code filtered}, {@code sink0_written}, ...), summed over subtasks.
 * One number per (table, counter), whatever the parallelism.
 */
public final class FlowCounts {
  private static final FlowCounts EMPTY = new FlowCounts(Map.of());
  private final Map<String, Map<String, Long>> counts;

  private FlowCounts(Map<String, Map<String, Long>> counts) {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    counts.forEach((t, c) -> copy.put(t, Collections.unmodifiableMap(new TreeMap<>(c))));
    this.counts = Collections.unmodifiableMap(copy);
  }

  private static final java.util.regex.Pattern SINK_LATENCY =
      java.util.regex.Pattern.compile("sink\\d+_latency_(max|mean)_ms");

  /**
   * Whether a {@code strata_table} metric is a gauge (a current value, such as {@code
   * max_event_time} or a ClickHouse sink's {@code sink<i>_latency_max_ms}) rather than a count:
   * over subtasks it is aggregated by its maximum, not summed.
   */
  public static boolean isGauge(String counter) {
    return counter.startsWith("max_") || SINK_LATENCY.matcher(counter).matches();
  }

  /** The ClickHouse sink's end-to-end latency gauges: {@code sink<i>_latency_max_ms}, ... */
  public static String sinkLatency(int sinkIndex, String what) {
    return "sink" + sinkIndex + "_latency_" + what + "_ms";
  }

  /**
   * A gauge of a table, or null when it was not reported or reports no value yet (negative: the
   * sink has made no batch visible).
   */
  public Long gauge(TableRef table, String gauge) {
    Long v = counts.getOrDefault(table.toString(), Map.of()).get(gauge);
    return v == null || v < 0 ? null : v;
  }

  public static FlowCounts empty() {
    return EMPTY;
  }

  /** From {@code table -> counter -> value}. */
  public static FlowCounts of(Map<String, Map<String, Long>> counts) {
    return new FlowCounts(counts);
  }

  /**
   * From Flink accumulators (a finished job's result or a running job's {@code getAccumulators()}):
   * keeps the {@code strata|<table>|<counter>} ones. Values may be numbers or their text (REST).
   */
  public static FlowCounts fromAccumulators(Map<String, ?> accumulators) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    accumulators.forEach(
        (name, value) -> {
          String[] parts = FlowCounter.parseAccumulatorName(name);
          Long n = asLong(value);
          if (parts != null && n != null) {
            out.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], n);
          }
        });
    return new FlowCounts(out);
  }

  /**
   * This snapshot with {@code other}'s counters added where this one has none (e.g. sink metrics).
   */
  public FlowCounts withMissingFrom(FlowCounts other) {
    Map<String, Map<String, Long>> merged = new TreeMap<>();
    counts.forEach((t, c) -> merged.put(t, new TreeMap<>(c)));
    other.counts.forEach(
        (t, c) ->
            c.forEach((k, v) -> merged.computeIfAbsent(t, x -> new TreeMap<>()).putIfAbsent(k, v)));
    return new FlowCounts(merged);
  }

  private static Long asLong(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public long count(TableRef table, String counter) {
    return count(table.toString(), counter);
  }

  public long count(String table, String counter) {
    return counts.getOrDefault(table, Map.of()).getOrDefault(counter, 0L);
  }

  /** True if the counter was reported at all (a sink that does not count reports nothing). */
  public boolean has(TableRef table, String counter) {
    return counts.getOrDefault(table.toString(), Map.of()).containsKey(counter);
  }

  /** The counters of one table. */
  public Map<String, Long> of(TableRef table) {
    return counts.getOrDefault(table.toString(), Map.of());
  }

  public Map<String, Map<String, Long>> asMap() {
    return counts;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
