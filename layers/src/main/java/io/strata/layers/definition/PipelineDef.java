package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/** A whole pipeline as written in one HOCON file (with its includes). */
public record PipelineDef(
    Path file,
    PipelineSettings settings,
    Map<String, ConnectionDef> connections,
    Map<String, OdsTableDef> ods,
    Map<String, DimensionDef> dimensions,
    Map<String, DwdTableDef> dwd,
    Map<String, DwsTableDef> dws,
    Map<String, Object> backfill,
    Map<String, Object> lineage,
    Map<String, TestCaseDef> tests,
    Origin origin)
    implements Serializable {

  /** True if the referenced table is defined. */
  public boolean defines(TableRef ref) {
    return switch (ref.layer()) {
      case ODS -> ods.containsKey(ref.table());
      case DIMENSIONS -> dimensions.containsKey(ref.table());
      case DWD -> dwd.containsKey(ref.table());
      case DWS -> dws.containsKey(ref.table());
    };
  }
}
