package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.TestCaseDef;
import io.strata.layers.generate.FlowCounter;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** RunOptions.lineage: on, every layer edge is counted; off, nothing registers a Strata counter. */
class LineageSwitchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TableRef TRADES = new TableRef(Layer.ODS, "trades");

  @Test
  void lineageOnRegistersStrataCounters() throws Exception {
    Outcome on = run(true);
    assertThat(on.strataSeries).isNotEmpty().anyMatch(s -> s.endsWith("|ods.trades|read"));
    assertThat(on.accumulators).anyMatch(a -> FlowCounter.parseAccumulatorName(a) != null);
    assertThat(on.operators).contains("dwd.trades/out", "dws.symbol_minute/out");
  }

  @Test
  void lineageOffRegistersNoStrataCountersAndAddsNoCountingOperators() throws Exception {
    Outcome off = run(false);
    assertThat(off.strataSeries).isEmpty();
    assertThat(off.accumulators).noneMatch(a -> FlowCounter.parseAccumulatorName(a) != null);
    assertThat(off.operators).noneMatch(n -> n.endsWith("/out") || n.endsWith("/read"));
    // The job still runs: Flink's own operator metrics are there.
    assertThat(StrataSeriesReporter.others).isPositive();
  }

  @Test
  void lineageIsOnUnlessTurnedOff() {
    assertThat(RunOptions.continuous().lineage()).isTrue();
    assertThat(RunOptions.untilEndOfTopics().withoutSinks().inBatchMode().lineage()).isTrue();
    assertThat(
            RunOptions.continuous()
                .withLineage(false)
                .withoutSinks()
                .withConsumerGroupSuffix("x")
                .lineage())
        .isFalse();
  }

  private record Outcome(
      Set<String> strataSeries, Set<String> accumulators, List<String> operators) {}

  private static Outcome run(boolean lineage) throws Exception {
    LayerGraph graph = Pipelines.load(Path.of("..", "configs", "trading", "pipeline.conf"));
    TestCaseDef test = graph.pipeline().tests().get("minute_measures_per_symbol");
    List<byte[]> records = new ArrayList<>();
    for (Map<String, Object> row : test.given().get(TRADES)) {
      records.add(JSON.writeValueAsBytes(row));
    }
    Configuration conf = new Configuration();
    conf.setString(
        "metrics.reporter.strata_series.factory.class",
        StrataSeriesReporter.Factory.class.getName());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    RunOptions options = RunOptions.givenRecords(Map.of(TRADES, records)).withLineage(lineage);
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    for (TableRef ref : graph.order()) {
      if (ref.layer() == Layer.DWS && ctx.stream(ref) != null) {
        ctx.stream(ref).stream().sinkTo(new DiscardingSink<>()).name(ref + "/discard");
      }
    }
    List<String> operators = new ArrayList<>();
    for (Transformation<?> t : env.getTransformations()) {
      collectNames(t, operators);
    }
    StrataSeriesReporter.strata.clear();
    StrataSeriesReporter.others = 0;
    JobExecutionResult result = env.execute("lineage-switch-" + lineage);
    return new Outcome(
        Set.copyOf(StrataSeriesReporter.strata),
        result.getAllAccumulatorResults().keySet(),
        operators);
  }

  private static void collectNames(Transformation<?> t, List<String> names) {
    names.add(t.getName());
    t.getInputs().forEach(i -> collectNames(i, names));
  }

  /** Remembers every metric registered under the Strata group, as {@code subtask|table|counter}. */
  public static final class StrataSeriesReporter implements MetricReporter {
    static final Set<String> strata = ConcurrentHashMap.newKeySet();
    static volatile int others;

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      String table = group.getAllVariables().get("<" + FlowCounter.METRIC_GROUP + ">");
      if (table != null) {
        strata.add(group.getAllVariables().get("<subtask_index>") + "|" + table + "|" + name);
      } else {
        others++;
      }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Found by Flink through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
      @Override
      public MetricReporter createMetricReporter(Properties properties) {
        return new StrataSeriesReporter();
      }
    }
  }
}
