package io.strata.lineage.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether one edge balances: {@code upstream} rows entered it, {@code accounted} rows were counted
 * by the downstream counters (broken down by counter). {@code checked} is false for a sink that
 * does not count what it writes.
 */
public record EdgeBalance(
    FlowEdge edge, long upstream, long accounted, Map<String, Long> breakdown, boolean checked) {

  public static EdgeBalance of(FlowEdge edge, FlowCounts counts) {
    long in = counts.count(edge.upstreamTable(), edge.upstreamCounter());
    Map<String, Long> parts = new LinkedHashMap<>();
    long accounted = 0;
    boolean anyReported = false;
    for (String c : edge.accountedBy()) {
      long n = counts.count(edge.downstreamTable(), c);
      anyReported |= counts.has(edge.downstreamTable(), c);
      parts.put(c, n);
      accounted += n;
    }
    boolean checked = edge.kind() != FlowEdge.Kind.SINK || anyReported;
    return new EdgeBalance(edge, in, accounted, parts, checked);
  }

  /** Rows that entered the edge and are not (yet) accounted for; negative if more were counted. */
  public long difference() {
    return upstream - accounted;
  }

  public boolean balanced() {
    return !checked || upstream == accounted;
  }

  /**
   * One line a data engineer can act on, e.g. {@code ods.trades -> dwd.trades: in 100 != out +
   * filtered + ... 98 (2 missing)}.
   */
  public String describe() {
    String lhs =
        edge.kind() == FlowEdge.Kind.SOURCE
            ? edge.to() + ": read "
            : edge.from() + " -> " + edge.to() + ": in ";
    long d = difference();
    return lhs
        + upstream
        + " != "
        + String.join(" + ", breakdown.keySet())
        + " "
        + accounted
        + (d > 0 ? " (" + d + " missing)" : " (" + (-d) + " more counted than entered)");
  }
}
