package io.strata.lineage.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.lineage.TestPipelines;
import org.junit.jupiter.api.Test;

class FlowGraphTest {
  @Test
  void deadLettersOfAWindowedTableGoToTheRootsTopicUnlessConfigured() {
    FlowGraph g = new FlowGraph(TestPipelines.shop());
    assertThat(g.deadLetterTopicOf(new TableRef(Layer.ODS, "orders"))).isEqualTo("shop.orders.dlq");
    assertThat(g.deadLetterTopicOf(new TableRef(Layer.DWS, "customer_minute")))
        .isEqualTo("shop.orders.dlq");
    assertThat(g.deadLetterTopicOf(new TableRef(Layer.DWD, "orders"))).isNull();
  }

  @Test
  void describesSinksByTypeAndTarget() {
    FlowGraph g = new FlowGraph(TestPipelines.shop());
    assertThat(FlowGraph.describeSink(g.sinksOf(new TableRef(Layer.DWD, "orders")).get(0)))
        .isEqualTo("kafka:shop.dwd.orders");
  }
}
