package io.strata.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Keeps the per-operator {@code numRecordsIn} / {@code numRecordsOut} counters of the jobs run in
 * this JVM, so that both benchmark jobs are checked the same way (records read by the Kafka source,
 * rows reaching each sink) although the hand-written SQL job has no accumulators. It only holds
 * references: nothing is reported periodically, so it costs the jobs nothing while they run.
 */
public final class RecordCountReporter implements MetricReporter {
  static final String NAME = "strata_bench";
  private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

  /** Registers this reporter in a Flink configuration (the MiniCluster loads it by factory). */
  static void enable(Configuration conf) {
    conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
  }

  static void reset() {
    COUNTERS.clear();
  }

  /** {@code operator name|metric} to the count summed over subtasks. */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    COUNTERS.forEach((k, list) -> out.put(k, list.stream().mapToLong(Counter::getCount).sum()));
    return out;
  }

  /** The current sum of one metric over the operators whose name satisfies {@code match}. */
  static long sum(String metric, java.util.function.Predicate<String> operatorName) {
    long sum = 0;
    for (Map.Entry<String, List<Counter>> e : COUNTERS.entrySet()) {
      int bar = e.getKey().lastIndexOf('|');
      if (e.getKey().substring(bar + 1).equals(metric)
          && operatorName.test(e.getKey().substring(0, bar))) {
        for (Counter c : e.getValue()) {
          sum += c.getCount();
        }
      }
    }
    return sum;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    if (!(metric instanceof Counter counter)
        || !(metricName.equals("numRecordsIn") || metricName.equals("numRecordsOut"))) {
      return;
    }
    String operator = group.getAllVariables().get("<operator_name>");
    if (operator != null) {
      COUNTERS
          .computeIfAbsent(operator + "|" + metricName, k -> new CopyOnWriteArrayList<>())
          .add(counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    // keep the counter: its final value is read after the job has finished
  }

  /** Found by Flink through META-INF/services. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new RecordCountReporter();
    }
  }
}
