package io.strata.lineage.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.lineage.flink.FlinkRestClient.Aggregate;
import io.strata.lineage.flow.FlowCounts;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FlinkRestFlowSourceTest {

  @Test
  void countsAreSummedOverSubtasksAndLatencyGaugesTakeTheLargest() {
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    // Three writer subtasks: 100 + 250 + 50 rows written; latency max 1.2 s / 4.8 s / none yet.
    FlinkRestFlowSource.addCounter(
        counters, "dwd.trades", "sink0_written", new Aggregate(50, 250, 133.3, 400));
    FlinkRestFlowSource.addCounter(
        counters, "dwd.trades", "sink0_latency_max_ms", new Aggregate(-1, 4_800, 1_999.7, 5_999));
    FlinkRestFlowSource.addCounter(
        counters, "dwd.trades", "sink0_latency_mean_ms", new Aggregate(-1, 2_100, 766, 2_299));

    FlowCounts c = FlowCounts.of(counters);
    assertThat(c.count("dwd.trades", "sink0_written")).isEqualTo(400);
    assertThat(c.count("dwd.trades", "sink0_latency_max_ms")).isEqualTo(4_800);
    assertThat(c.count("dwd.trades", "sink0_latency_mean_ms")).isEqualTo(2_100);
  }

  @Test
  void aSinkWhoseSubtasksHaveNoBatchYetReportsNoLatency() {
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    FlinkRestFlowSource.addCounter(
        counters, "dws.trade_stats_1m", "sink1_latency_max_ms", new Aggregate(-1, -1, -1, -2));
    assertThat(
            FlowCounts.of(counters)
                .gauge(
                    io.strata.layers.definition.TableRef.parse("dws.trade_stats_1m"),
                    "sink1_latency_max_ms"))
        .isNull();
  }

  @Test
  void gaugesAreTheEventTimeAndLatencyMetricsOnly() {
    assertThat(FlowCounts.isGauge("max_event_time")).isTrue();
    assertThat(FlowCounts.isGauge("sink0_latency_max_ms")).isTrue();
    assertThat(FlowCounts.isGauge("sink12_latency_mean_ms")).isTrue();
    assertThat(FlowCounts.isGauge("sink0_written")).isFalse();
    assertThat(FlowCounts.isGauge("sink0_retries")).isFalse();
    assertThat(FlowCounts.isGauge("windowed")).isFalse();
  }
}
