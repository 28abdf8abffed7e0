package io.strata.lineage;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.util.List;
import java.util.Map;

/** Renders the plan: layer graph, jobs and boundaries, sinks, table and column lineage. */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String render(LayerGraph graph) {
    PipelineDef p = graph.pipeline();
    StringBuilder sb = new StringBuilder();
    sb.append("pipeline ")
        .append(p.settings().name())
        .append(" (")
        .append(p.file().getFileName())
        .append("), parallelism ")
        .append(p.settings().parallelism())
        .append(", checkpoints every ")
        .append(p.settings().checkpointInterval().toSeconds())
        .append("s ")
        .append(p.settings().checkpointMode())
        .append(", time zone ")
        .append(p.settings().timeZone())
        .append("\n\n");

    sb.append("layer graph\n");
    for (TableRef t : graph.order()) {
      if (graph.upstreamOf(t).isEmpty()) {
        tree(sb, graph, t, "  ", true);
      }
    }

    sb.append("\njobs\n");
    sb.append("  job 1 'strata:")
        .append(p.settings().name())
        .append("': ")
        .append(String.join(", ", graph.order().stream().map(TableRef::toString).toList()))
        .append('\n');
    sb.append(
        "    boundaries: none; every layer is fused into one job (no table is read back from a topic).\n");
    sb.append("    sources: ");
    sb.append(
            String.join(
                ", ",
                p.ods().values().stream()
                    .map(
                        o ->
                            "kafka:"
                                + (o.source() == null ? "?" : o.source().topic())
                                + " ("
                                + (o.source() == null ? "?" : o.source().format())
                                + ")")
                    .toList()))
        .append('\n');

    sb.append("\ntables\n");
    for (TableRef t : graph.order()) {
      sb.append("  ").append(t);
      switch (t.layer()) {
        case ODS -> {
          OdsTableDef o = p.ods().get(t.table());
          sb.append("  event time ")
              .append(
                  o.eventTime() == null
                      ? "none"
                      : o.eventTime().column()
                          + " (watermark delay "
                          + o.eventTime().watermarkDelay().toMillis()
                          + "ms)");
          sb.append(", dead letters -> ")
              .append(o.deadLetter() == null ? "none" : o.deadLetter().topic())
              .append('\n');
          sb.append("    columns: ")
              .append(
                  String.join(
                      ", ", o.columns().stream().map(c -> c.name() + " " + c.type()).toList()))
              .append('\n');
        }
        case DWD -> {
          DwdTableDef d = p.dwd().get(t.table());
          sb.append("  from ").append(d.from().text());
          if (d.where() != null) {
            sb.append(", where ").append(d.where().sql());
          }
          if (d.deduplicate() != null) {
            sb.append(", dedup ")
                .append(d.deduplicate().key())
                .append(" within ")
                .append(d.deduplicate().within().toSeconds())
                .append("s");
          }
          sb.append('\n');
          sinks(sb, d.sinks());
          columnLineage(sb, graph, t, d.from().ref());
        }
        case DWS -> {
          DwsTableDef d = p.dws().get(t.table());
          sb.append("  from ")
              .append(d.from().text())
              .append(", ")
              .append(d.window().type())
              .append(" window ")
              .append(d.window().size().toSeconds())
              .append("s");
          sb.append(", group by ")
              .append(d.groupBy())
              .append(", late -> ")
              .append(d.late() != null ? d.late().topic() : "ODS dead-letter topic")
              .append('\n');
          sinks(sb, d.sinks());
          columnLineage(sb, graph, t, d.from().ref());
        }
        default -> sb.append('\n');
      }
    }
    if (!p.dimensions().isEmpty()) {
      sb.append("\ndimensions\n");
      p.dimensions()
          .values()
          .forEach(
              d ->
                  sb.append("  ")
                      .append(d.name())
                      .append(" in ")
                      .append(d.connection())
                      .append(":")
                      .append(d.table())
                      .append(" key ")
                      .append(d.key())
                      .append(
                          d.cache() == null
                              ? ""
                              : ", cache "
                                  + d.cache().maxRows()
                                  + " rows / "
                                  + d.cache().ttl().toSeconds()
                                  + "s")
                      .append('\n'));
    }
    return sb.toString();
  }

  private static void tree(
      StringBuilder sb, LayerGraph graph, TableRef t, String indent, boolean root) {
    sb.append(indent).append(root ? "" : "└─▶ ").append(t);
    List<SinkDef> sinks =
        switch (t.layer()) {
          case DWD -> graph.pipeline().dwd().get(t.table()).sinks();
          case DWS -> graph.pipeline().dws().get(t.table()).sinks();
          default -> List.of();
        };
    for (SinkDef s : sinks) {
      sb.append("  ─▶ ")
          .append(s.type())
          .append(s.option("topic") != null ? ":" + s.option("topic") : "");
    }
    sb.append('\n');
    for (TableRef d : graph.downstreamOf(t)) {
      tree(sb, graph, d, indent + (root ? "" : "    "), false);
    }
  }

  private static void sinks(StringBuilder sb, List<SinkDef> sinks) {
    for (SinkDef s : sinks) {
      sb.append("    sink ")
          .append(s.index())
          .append(": ")
          .append(s.type())
          .append(s.connection() == null ? "" : " via " + s.connection())
          .append(s.options().isEmpty() ? "" : " " + s.options())
          .append('\n');
    }
  }

  private static void columnLineage(StringBuilder sb, LayerGraph graph, TableRef t, TableRef from) {
    sb.append("    column lineage:\n");
    for (Map.Entry<String, List<String>> e : ColumnLineage.of(graph, t).entrySet()) {
      sb.append("      ")
          .append(t)
          .append('.')
          .append(e.getKey())
          .append(" <- ")
          .append(
              e.getValue().isEmpty()
                  ? "(constant)"
                  : String.join(", ", e.getValue().stream().map(c -> from + "." + c).toList()))
          .append('\n');
    }
  }
}
