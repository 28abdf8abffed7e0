package io.strata.lineage.flow;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counted edges of a pipeline: Kafka source → ODS, ODS → DWD, DWD → DWS, and table → sink.
 * Built from the one layer graph; which counters balance each edge is decided here only.
 */
public final class FlowGraph {
  /**
   * Counters of a DWD table that account for rows it received: kept, filtered by {@code where},
   * dropped as duplicates, dropped or dead-lettered for a missing dimension key.
   */
  public static final List<String> DWD_ACCOUNTED =
      List.of("out", "filtered", "deduplicated", "dimension_dropped", "dimension_dead_lettered");

  /** Counters of a DWS table that account for rows it received (its {@code out} counts windows). */
  public static final List<String> DWS_ACCOUNTED = List.of("windowed", "late");

  /** Counters of an ODS table that account for records read from its topic. */
  public static final List<String> ODS_ACCOUNTED = List.of("out", "dead_lettered");

  private static final Pattern SINK_COUNTER = Pattern.compile("sink(\\d+)_written");

  private final LayerGraph graph;

  public FlowGraph(LayerGraph graph) {
    this.graph = graph;
  }

  public LayerGraph layers() {
    return graph;
  }

  /** Every edge whose rows are counted, in graph order; sinks as configured. */
  public List<FlowEdge> edges() {
    return edges(FlowCounts.empty());
  }

  /**
   * Every counted edge; besides the configured sinks, a sink that reports {@code sink<i>_written}
   * without being in the config (a sink added in code) gets an edge too, so it is balanced as well.
   */
  public List<FlowEdge> edges(FlowCounts counts) {
    List<FlowEdge> out = new ArrayList<>();
    for (TableRef t : graph.order()) {
      switch (t.layer()) {
        case ODS -> {
          OdsTableDef o = graph.pipeline().ods().get(t.table());
          String topic = o.source() == null ? t.toString() : o.source().topic();
          out.add(
              new FlowEdge(
                  "kafka:" + topic + "->" + t,
                  "kafka:" + topic,
                  t.toString(),
                  FlowEdge.Kind.SOURCE,
                  t,
                  "read",
                  t,
                  ODS_ACCOUNTED));
        }
        case DWD -> {
          DwdTableDef d = graph.pipeline().dwd().get(t.table());
          TableRef from = d.from().ref();
          out.add(
              new FlowEdge(
                  from + "->" + t,
                  from.toString(),
                  t.toString(),
                  FlowEdge.Kind.LAYER,
                  from,
                  "out",
                  t,
                  DWD_ACCOUNTED));
        }
        case DWS -> {
          DwsTableDef d = graph.pipeline().dws().get(t.table());
          TableRef from = d.from().ref();
          out.add(
              new FlowEdge(
                  from + "->" + t,
                  from.toString(),
                  t.toString(),
                  FlowEdge.Kind.LAYER,
                  from,
                  "out",
                  t,
                  DWS_ACCOUNTED));
        }
        default -> {}
      }
      List<Integer> sinkIndexes = new ArrayList<>(sinksOf(t).stream().map(SinkDef::index).toList());
      for (String counter : counts.of(t).keySet()) {
        Matcher m = SINK_COUNTER.matcher(counter);
        if (m.matches() && !sinkIndexes.contains(Integer.parseInt(m.group(1)))) {
          sinkIndexes.add(Integer.parseInt(m.group(1)));
        }
      }
      for (int i : sinkIndexes) {
        String to = sinkNode(t, i);
        out.add(
            new FlowEdge(
                t + "->" + to,
                t.toString(),
                to,
                FlowEdge.Kind.SINK,
                t,
                "out",
                t,
                List.of("sink" + i + "_written", "sink" + i + "_rejected")));
      }
    }
    return out;
  }

  /** The node id of a table's sink. */
  public static String sinkNode(TableRef table, int index) {
    return table + "/sink" + index;
  }

  /** The configured sinks of a table (none for ODS). */
  public List<SinkDef> sinksOf(TableRef t) {
    return switch (t.layer()) {
      case DWD -> graph.pipeline().dwd().get(t.table()).sinks();
      case DWS -> graph.pipeline().dws().get(t.table()).sinks();
      default -> List.of();
    };
  }

  /** A sink as a user reads it: {@code kafka:trading.dwd.trades}, {@code clickhouse:dwd_trades}. */
  public static String describeSink(SinkDef s) {
    String target = s.option("topic") != null ? s.option("topic") : s.option("table");
    return s.type() + (target == null ? "" : ":" + target);
  }

  /** The dead-letter topic that a table's rejected rows go to (ODS: its own; DWS: late topic). */
  public String deadLetterTopicOf(TableRef t) {
    return switch (t.layer()) {
      case ODS -> {
        OdsTableDef o = graph.pipeline().ods().get(t.table());
        yield o.deadLetter() == null ? null : o.deadLetter().topic();
      }
      case DWS -> {
        DwsTableDef d = graph.pipeline().dws().get(t.table());
        if (d.late() != null) {
          yield d.late().topic();
        }
        yield graph.rootsOf(t).stream()
            .map(r -> graph.pipeline().ods().get(r.table()))
            .filter(o -> o != null && o.deadLetter() != null)
            .map(o -> o.deadLetter().topic())
            .findFirst()
            .orElse(null);
      }
      default -> null;
    };
  }
}
