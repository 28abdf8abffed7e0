package io.strata.benchmarks;

import io.strata.layers.generate.FlowCounter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Counts the metric series a job registers, by kind: what a metrics backend (Prometheus, say) would
 * have to store for it. Counts registrations only ({@code notifyOfAddedMetric}); nothing is
 * reported, so it costs the job nothing while it runs.
 */
public final class MetricSeriesReporter implements MetricReporter {
  static final String NAME = "strata_series";

  /** What registered a series. */
  public enum Kind {
    /** Strata's layer-edge counters (group {@code strata_table}). */
    STRATA,
    /** Flink's latency-tracking histograms ({@code metrics.latency.interval}). */
    LATENCY,
    /** Flink's own per-operator metrics (numRecordsIn, currentInputWatermark, ...). */
    OPERATOR,
    /** Flink's own per-task metrics (busyTimeMsPerSecond, buffers, ...). */
    TASK,
    /** Job-level metrics (numRestarts, checkpoints, ...). */
    JOB,
    /** The JobManager's and TaskManager's own metrics (JVM, slots, ...): there without any job. */
    CLUSTER
  }

  private static final AtomicLongArray COUNTS = new AtomicLongArray(Kind.values().length);

  /** Registers this reporter in a Flink configuration (the MiniCluster loads it by factory). */
  static void enable(Configuration conf) {
    conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
  }

  static void reset() {
    for (int i = 0; i < COUNTS.length(); i++) {
      COUNTS.set(i, 0);
    }
  }

  /** Series registered since the last {@link #reset()}, by kind. */
  static Map<Kind, Long> counts() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      out.put(k, COUNTS.get(k.ordinal()));
    }
    return out;
  }

  static Kind kindOf(Metric metric, String name, Map<String, String> variables) {
    if (variables.containsKey("<" + FlowCounter.METRIC_GROUP + ">")) {
      return Kind.STRATA;
    }
    if (metric instanceof Histogram
        && name.equals("latency")
        && variables.containsKey("<source_id>")) {
      return Kind.LATENCY;
    }
    if (variables.containsKey("<operator_id>")) {
      return Kind.OPERATOR;
    }
    if (variables.containsKey("<task_id>")) {
      return Kind.TASK;
    }
    if (variables.containsKey("<job_id>")) {
      return Kind.JOB;
    }
    return Kind.CLUSTER;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    COUNTS.incrementAndGet(kindOf(metric, metricName, group.getAllVariables()).ordinal());
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    // series are counted as registered over the job's life
  }

  /** Found by Flink through META-INF/services. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new MetricSeriesReporter();
    }
  }
}
