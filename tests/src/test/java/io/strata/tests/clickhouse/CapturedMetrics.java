package io.strata.tests.clickhouse;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the Strata counters of a local job, so a test can read the
 * ClickHouse sink's {@code sink<i>_rejected} / {@code sink<i>_written} counts and a job's {@code
 * numRestarts}. Flink finds reporter factories through the context class loader's service files;
 * {@link #run} supplies ours from {@code clickhouse/metric-reporter/} for the duration of a call.
 */
final class CapturedMetrics {
  private static final Map<String, Long> LAST = new ConcurrentHashMap<>();
  private static final Map<String, Counter> LIVE = new ConcurrentHashMap<>();
  private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();

  private CapturedMetrics() {}

  interface Body {
    void run() throws Exception;
  }

  /** Adds the reporter to a job's configuration. */
  static Configuration configure(Configuration conf) {
    conf.setString("metrics.reporters", "captured");
    conf.setString("metrics.reporter.captured.factory.class", Factory.class.getName());
    return conf;
  }

  /** Runs {@code body} (which starts the local job) where Flink can find the reporter. */
  static void run(Body body) throws Exception {
    LAST.clear();
    LIVE.clear();
    GAUGES.clear();
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    URL root = CapturedMetrics.class.getResource("/clickhouse/metric-reporter/");
    try (URLClassLoader withReporter = new URLClassLoader(new URL[] {root}, previous)) {
      t.setContextClassLoader(withReporter);
      body.run();
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  /** The counter's value (the last one seen if its operator has closed), summed over subtasks. */
  static long counter(String name) {
    long live =
        LIVE.entrySet().stream()
            .filter(e -> e.getKey().endsWith("|" + name))
            .mapToLong(e -> e.getValue().getCount())
            .sum();
    long closed =
        LAST.entrySet().stream()
            .filter(e -> e.getKey().endsWith("|" + name))
            .mapToLong(Map.Entry::getValue)
            .sum();
    return live + closed;
  }

  /** The largest value of a numeric gauge (e.g. the job's {@code numRestarts}) registered now. */
  static long gauge(String name) {
    return GAUGES.entrySet().stream()
        .filter(e -> e.getKey().endsWith("|" + name))
        .mapToLong(e -> e.getValue().getValue() instanceof Number n ? n.longValue() : 0L)
        .max()
        .orElse(0L);
  }

  /** The reporter. */
  public static final class Reporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      if (metric instanceof Counter c && name.startsWith("sink")) {
        LIVE.put(group.getMetricIdentifier(name) + "|" + name, c);
      } else if (metric instanceof Gauge<?> g && name.equals("numRestarts")) {
        GAUGES.put(group.getMetricIdentifier(name) + "|" + name, g);
      }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
      String key = group.getMetricIdentifier(name) + "|" + name;
      Counter c = LIVE.remove(key);
      if (c != null) {
        LAST.merge(key, c.getCount(), Long::sum);
      }
    }
  }

  /** Its factory, named in the configuration. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new Reporter();
    }
  }
}
