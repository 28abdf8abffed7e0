package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.List;

/** A DWS table: windowed, grouped measures over a DWD table. */
public record DwsTableDef(
    String name,
    TableRef.Written from,
    WindowDef window,
    List<String> groupBy,
    Origin groupByOrigin,
    List<ExprColumn> measures,
    List<SinkDef> sinks,
    LateDef late,
    Origin origin)
    implements Serializable {

  public TableRef ref() {
    return new TableRef(Layer.DWS, name);
  }
}
