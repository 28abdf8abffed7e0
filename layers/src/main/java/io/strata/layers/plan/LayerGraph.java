package io.strata.layers.plan;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.TableRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one graph of a pipeline's tables (like dbt's ref graph): which table reads which. Every
 * command (validate, plan, explain, run, test) reads this graph.
 */
public final class LayerGraph {
  private final PipelineDef pipeline;
  private final Map<TableRef, List<TableRef>> upstream = new LinkedHashMap<>();
  private final Map<TableRef, List<TableRef>> downstream = new LinkedHashMap<>();
  private final List<List<TableRef>> cycles = new ArrayList<>();
  private final List<TableRef> order;

  private LayerGraph(PipelineDef pipeline) {
    this.pipeline = pipeline;
    pipeline.ods().keySet().forEach(t -> add(new TableRef(Layer.ODS, t), null));
    pipeline.dwd().values().forEach(d -> add(d.ref(), d.from() == null ? null : d.from().ref()));
    pipeline.dws().values().forEach(d -> add(d.ref(), d.from() == null ? null : d.from().ref()));
    this.order = topologicalOrder();
  }

  public static LayerGraph of(PipelineDef pipeline) {
    return new LayerGraph(pipeline);
  }

  private void add(TableRef table, TableRef from) {
    upstream.computeIfAbsent(table, k -> new ArrayList<>());
    downstream.computeIfAbsent(table, k -> new ArrayList<>());
    if (from != null && pipeline.defines(from)) {
      upstream.get(table).add(from);
      downstream.computeIfAbsent(from, k -> new ArrayList<>()).add(table);
    }
  }

  private List<TableRef> topologicalOrder() {
    List<TableRef> out = new ArrayList<>();
    Map<TableRef, Integer> state = new LinkedHashMap<>();
    for (TableRef t : upstream.keySet()) {
      visit(t, state, out, new ArrayList<>());
    }
    return Collections.unmodifiableList(out);
  }

  private void visit(
      TableRef t, Map<TableRef, Integer> state, List<TableRef> out, List<TableRef> stack) {
    Integer s = state.get(t);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      List<TableRef> cycle = new ArrayList<>(stack.subList(stack.indexOf(t), stack.size()));
      cycle.add(t);
      cycles.add(cycle);
      return;
    }
    state.put(t, 1);
    stack.add(t);
    for (TableRef u : upstream.getOrDefault(t, List.of())) {
      visit(u, state, out, stack);
    }
    stack.remove(stack.size() - 1);
    state.put(t, 2);
    out.add(t);
  }

  public PipelineDef pipeline() {
    return pipeline;
  }

  /** Tables in an order where every table comes after what it reads. */
  public List<TableRef> order() {
    return order;
  }

  public List<List<TableRef>> cycles() {
    return cycles;
  }

  public List<TableRef> upstreamOf(TableRef t) {
    return upstream.getOrDefault(t, List.of());
  }

  public List<TableRef> downstreamOf(TableRef t) {
    return downstream.getOrDefault(t, List.of());
  }

  /**
   * The graph of {@code targets} and every table they read from, nothing else: a job composed from
   * it reads only the topics that feed the targets. The dimensions the kept DWD tables join are
   * kept (a join names its dimension, not a graph edge), and every connection; config tests are
   * dropped.
   */
  public LayerGraph upstreamClosure(java.util.Collection<TableRef> targets) {
    Set<TableRef> keep = new LinkedHashSet<>();
    Deque<TableRef> todo = new ArrayDeque<>(targets);
    while (!todo.isEmpty()) {
      TableRef t = todo.pop();
      if (keep.add(t)) {
        todo.addAll(upstreamOf(t));
      }
    }
    PipelineDef p = pipeline;
    for (TableRef t : List.copyOf(keep)) {
      DwdTableDef dwd = t.layer() == Layer.DWD ? p.dwd().get(t.table()) : null;
      if (dwd != null && dwd.joins() != null) {
        dwd.joins().forEach(j -> keep.add(new TableRef(Layer.DIMENSIONS, j.dimension())));
      }
    }
    return LayerGraph.of(
        new PipelineDef(
            p.file(),
            p.settings(),
            p.connections(),
            kept(p.ods(), keep, Layer.ODS),
            kept(p.dimensions(), keep, Layer.DIMENSIONS),
            kept(p.dwd(), keep, Layer.DWD),
            kept(p.dws(), keep, Layer.DWS),
            p.backfill(),
            p.lineage(),
            Map.of(),
            p.origin()));
  }

  private static <T> Map<String, T> kept(Map<String, T> tables, Set<TableRef> keep, Layer layer) {
    Map<String, T> out = new LinkedHashMap<>();
    tables.forEach(
        (name, def) -> {
          if (keep.contains(new TableRef(layer, name))) {
            out.put(name, def);
          }
        });
    return out;
  }

  /** True if this table, or a table it reads from, is part of a cycle. */
  public boolean readsThroughCycle(TableRef t) {
    Set<TableRef> upstreamClosure = new LinkedHashSet<>();
    Deque<TableRef> todo = new ArrayDeque<>(List.of(t));
    while (!todo.isEmpty()) {
      TableRef u = todo.pop();
      if (upstreamClosure.add(u)) {
        todo.addAll(upstreamOf(u));
      }
    }
    return cycles.stream().flatMap(List::stream).anyMatch(upstreamClosure::contains);
  }

  /** The ODS tables a table ultimately reads. */
  public Set<TableRef> rootsOf(TableRef t) {
    Set<TableRef> out = new LinkedHashSet<>();
    collectRoots(t, out, new LinkedHashSet<>());
    return out;
  }

  private void collectRoots(TableRef t, Set<TableRef> out, Set<TableRef> seen) {
    if (!seen.add(t)) {
      return;
    }
    if (t.layer() == Layer.ODS) {
      out.add(t);
    }
    upstreamOf(t).forEach(u -> collectRoots(u, out, seen));
  }

  /** Output column names of a table as declared (null when it cannot be known, e.g. a cycle). */
  public List<String> columnsOf(TableRef t) {
    return columnsOf(t, new LinkedHashSet<>());
  }

  private List<String> columnsOf(TableRef t, Set<TableRef> seen) {
    if (!seen.add(t)) {
      return null;
    }
    switch (t.layer()) {
      case ODS:
        {
          OdsTableDef ods = pipeline.ods().get(t.table());
          return ods == null ? null : ods.columns().stream().map(c -> c.name()).toList();
        }
      case DWD:
        {
          DwdTableDef dwd = pipeline.dwd().get(t.table());
          if (dwd == null) {
            return null;
          }
          if (!dwd.columns().isEmpty()) {
            return dwd.columns().stream().map(ExprColumn::name).toList();
          }
          return dwd.from() == null ? null : columnsOf(dwd.from().ref(), seen);
        }
      case DWS:
        {
          DwsTableDef dws = pipeline.dws().get(t.table());
          if (dws == null) {
            return null;
          }
          List<String> out = new ArrayList<>(List.of("window_start", "window_end"));
          out.addAll(dws.groupBy());
          dws.measures().forEach(m -> out.add(m.name()));
          return out;
        }
      default:
        return null;
    }
  }

  /**
   * The event-time column of a table, or null if it has none: an ODS table's declared one; a DWD
   * table's when it passes the upstream event-time column through unchanged.
   */
  public String eventTimeOf(TableRef t) {
    return eventTimeOf(t, new LinkedHashSet<>());
  }

  private String eventTimeOf(TableRef t, Set<TableRef> seen) {
    if (!seen.add(t)) {
      return null;
    }
    if (t.layer() == Layer.ODS) {
      OdsTableDef ods = pipeline.ods().get(t.table());
      return ods == null || ods.eventTime() == null ? null : ods.eventTime().column();
    }
    if (t.layer() == Layer.DWD) {
      DwdTableDef dwd = pipeline.dwd().get(t.table());
      if (dwd == null || dwd.from() == null) {
        return null;
      }
      String upstreamTime = eventTimeOf(dwd.from().ref(), seen);
      if (upstreamTime == null) {
        return null;
      }
      if (dwd.columns().isEmpty()) {
        return upstreamTime;
      }
      for (ExprColumn c : dwd.columns()) {
        String sql = c.sql().trim().replace("`", "");
        if (sql.equals(upstreamTime)) {
          return c.name();
        }
      }
      return null;
    }
    return null;
  }
}
