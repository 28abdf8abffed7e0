package io.strata.cli;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.FlowCounter;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.flow.FlowBalance;
import io.strata.lineage.flow.FlowCounts;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per table and the balance of every layer edge: what a table's upstream emitted must equal
 * what it kept plus what it filtered, deduplicated, dead-lettered or found late. A DWD table with
 * joins also drops or dead-letters rows whose dimension key is missing ({@code dimension_dropped},
 * {@code dimension_dead_lettered}); {@code dimension_missing} counts the rows with a missing key in
 * any mode (kept ones included).
 */
public final class FlowReport {
  private final LayerGraph graph;
  private final Map<String, Map<String, Long>> counts = new TreeMap<>();

  public FlowReport(LayerGraph graph, Map<String, Object> accumulators) {
    this.graph = graph;
    accumulators.forEach(
        (name, value) -> {
          String[] parts = FlowCounter.parseAccumulatorName(name);
          if (parts != null && value instanceof Number n) {
            counts.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], n.longValue());
          }
        });
  }

  public long count(TableRef table, String counter) {
    return counts.getOrDefault(table.toString(), Map.of()).getOrDefault(counter, 0L);
  }

  public Map<String, Map<String, Long>> counts() {
    return counts;
  }

  /**
   * One line per edge that does not balance; empty when everything balances. The edges and their
   * equations are the lineage service's ({@link FlowBalance}), sink edges included.
   */
  public List<String> imbalances() {
    return FlowBalance.of(graph, FlowCounts.of(counts)).imbalances();
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-26s %10s %10s %10s %10s %10s %10s %10s %10s%n",
            "table",
            "read/in",
            "dead-lett.",
            "filtered",
            "dedup",
            "dim-miss",
            "late",
            "windowed",
            "out"));
    for (TableRef t : graph.order()) {
      long in =
          switch (t.layer()) {
            case ODS -> count(t, "read");
            case DWD -> count(graph.pipeline().dwd().get(t.table()).from().ref(), "out");
            case DWS -> count(graph.pipeline().dws().get(t.table()).from().ref(), "out");
            default -> 0;
          };
      sb.append(
          String.format(
              "%-26s %10d %10d %10d %10d %10d %10d %10d %10d%n",
              t,
              in,
              count(t, "dead_lettered") + count(t, "dimension_dead_lettered"),
              count(t, "filtered"),
              count(t, "deduplicated"),
              count(t, "dimension_missing"),
              count(t, "late"),
              count(t, "windowed"),
              count(t, "out")));
      if (count(t, "dimension_missing") > 0) {
        sb.append(
            String.format(
                "%-26s   dimension keys missing in %d rows: %d kept with null dimension columns, %d dropped, %d dead-lettered%n",
                "",
                count(t, "dimension_missing"),
                count(t, "dimension_missing")
                    - count(t, "dimension_dropped")
                    - count(t, "dimension_dead_lettered"),
                count(t, "dimension_dropped"),
                count(t, "dimension_dead_lettered")));
      }
    }
    List<String> bad = imbalances();
    sb.append(
        bad.isEmpty()
            ? "balance: every edge balances (in = out + filtered + deduplicated + dimension-dropped + dead-lettered + late)\n"
            : "balance: MISMATCH\n  " + String.join("\n  ", bad) + "\n");
    return sb.toString();
  }
}
