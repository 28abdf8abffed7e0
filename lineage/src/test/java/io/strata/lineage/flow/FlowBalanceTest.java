package io.strata.lineage.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.lineage.TestPipelines;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FlowBalanceTest {

  @Test
  void everyEdgeBalancesWhenEveryRowIsAccountedFor() {
    FlowBalance b = FlowBalance.of(TestPipelines.shop(), FlowCounts.of(TestPipelines.balanced()));
    assertThat(b.imbalances()).isEmpty();
    assertThat(b.edges())
        .extracting(e -> e.edge().id())
        .containsExactly(
            "kafka:shop.orders->ods.orders",
            "ods.orders->dwd.orders",
            "dwd.orders->dwd.orders/sink0",
            "dwd.orders->dws.customer_minute",
            "dws.customer_minute->dws.customer_minute/sink0");
  }

  @Test
  void namesTheEdgeAndTheMissingCountWhenRowsVanish() {
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("dwd.orders")
        .put("out", 78L); // two rows lost between the ODS output and the DWD counters
    FlowBalance b = FlowBalance.of(TestPipelines.shop(), FlowCounts.of(c));
    assertThat(b.imbalances())
        .containsExactly(
            "ods.orders -> dwd.orders: in 95 != out + filtered + deduplicated + dimension_dropped + dimension_dead_lettered 93 (2 missing)",
            // downstream of the loss, dws.customer_minute received 78 but counted 80
            "dwd.orders -> dws.customer_minute: in 78 != windowed + late 80 (2 more counted than entered)");
  }

  @Test
  void anOdsTableMustAccountForEveryRecordRead() {
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("ods.orders").put("read", 101L);
    assertThat(FlowBalance.of(TestPipelines.shop(), FlowCounts.of(c)).imbalances())
        .containsExactly("ods.orders: read 101 != out + dead_lettered 100 (1 missing)");
  }

  @Test
  void sinksThatDoNotCountAreNotCheckedButCountingSinksAre() {
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    FlowBalance unchecked = FlowBalance.of(TestPipelines.shop(), FlowCounts.of(c));
    assertThat(unchecked.edges().stream().filter(e -> e.edge().kind() == FlowEdge.Kind.SINK))
        .allMatch(e -> !e.checked());

    c.get("dwd.orders").put("sink0_written", 79L);
    c.get("dwd.orders").put("sink0_rejected", 0L);
    // A sink added in code, not in the config, reports under its own index and is balanced too.
    c.get("dwd.orders").put("sink1_written", 80L);
    FlowBalance checked = FlowBalance.of(TestPipelines.shop(), FlowCounts.of(c));
    assertThat(checked.imbalances())
        .containsExactly(
            "dwd.orders -> dwd.orders/sink0: in 80 != sink0_written + sink0_rejected 79 (1 missing)");
    assertThat(checked.edges())
        .extracting(e -> e.edge().id())
        .contains("dwd.orders->dwd.orders/sink1");
  }

  @Test
  void readsStrataAccumulatorsAndIgnoresOthers() {
    Map<String, Object> acc = new TreeMap<>();
    acc.put("strata|ods.orders|read", 7L);
    acc.put("strata|ods.orders|out", "6");
    acc.put("numRecordsIn", 99L);
    acc.put("strata|broken", 1L);
    FlowCounts counts = FlowCounts.fromAccumulators(acc);
    TableRef ods = new TableRef(Layer.ODS, "orders");
    assertThat(counts.count(ods, "read")).isEqualTo(7);
    assertThat(counts.count(ods, "out")).isEqualTo(6);
    assertThat(counts.asMap()).containsOnlyKeys("ods.orders");
  }
}
