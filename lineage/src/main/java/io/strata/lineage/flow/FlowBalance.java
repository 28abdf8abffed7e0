package io.strata.lineage.flow;

import io.strata.layers.plan.LayerGraph;
import java.util.List;

/**
 * The balance of every counted edge at one moment: what a table's upstream emitted must equal what
 * it kept plus what it filtered, deduplicated, dead-lettered or found late; what a table emitted
 * must equal what each counting sink wrote or rejected. Exact for a finished job; for a running
 * one, rows in flight between two counters show as a transient difference (see {@code BalanceRule}
 * for how the service tells those from losses).
 */
public final class FlowBalance {
  private final List<EdgeBalance> edges;

  private FlowBalance(List<EdgeBalance> edges) {
    this.edges = edges;
  }

  public static FlowBalance of(LayerGraph graph, FlowCounts counts) {
    return new FlowBalance(
        new FlowGraph(graph).edges(counts).stream().map(e -> EdgeBalance.of(e, counts)).toList());
  }

  public List<EdgeBalance> edges() {
    return edges;
  }

  /** One line per edge that does not balance; empty when everything balances. */
  public List<String> imbalances() {
    return edges.stream().filter(e -> !e.balanced()).map(EdgeBalance::describe).toList();
  }
}
