package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.List;

/** A DWD table: filtered, deduplicated and enriched detail derived from one upstream table. */
public record DwdTableDef(
    String name,
    TableRef.Written from,
    Expr where,
    DeduplicateDef deduplicate,
    List<JoinDef> joins,
    List<ExprColumn> columns,
    List<SinkDef> sinks,
    Origin origin)
    implements Serializable {

  public TableRef ref() {
    return new TableRef(Layer.DWD, name);
  }
}
