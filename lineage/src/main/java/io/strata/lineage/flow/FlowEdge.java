package io.strata.lineage.flow;

import io.strata.layers.definition.TableRef;
import java.util.List;

/**
 * One edge of the flow graph and how its rows are counted: {@code upstream} rows that left the
 * upstream node must all be {@code accountedBy} the downstream node's counters.
 *
 * @param id stable id used by the API and the page, e.g. {@code ods.trades->dwd.trades}
 * @param from upstream node: a table, or {@code kafka:<topic>} for a source
 * @param to downstream node: a table, or {@code <table>/sink<i>} for a sink
 * @param kind source, layer or sink
 * @param upstreamTable the table whose counter {@code upstreamCounter} counts what enters the edge
 * @param downstreamTable the table whose counters in {@code accountedBy} count what left it
 */
public record FlowEdge(
    String id,
    String from,
    String to,
    Kind kind,
    TableRef upstreamTable,
    String upstreamCounter,
    TableRef downstreamTable,
    List<String> accountedBy) {

  /** What an edge connects. */
  public enum Kind {
    /** Kafka topic into an ODS table: read = out + dead-lettered. */
    SOURCE,
    /**
     * One layer table into the next: upstream out = kept + filtered + deduplicated + late +
     * dead-lettered.
     */
    LAYER,
    /** A table into one of its sinks: out = written + rejected (only for sinks that count). */
    SINK
  }
}
