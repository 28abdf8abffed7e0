package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** A dimension table kept in HBase or a JDBC database, looked up by key from DWD joins. */
public record DimensionDef(
    String name,
    String connection,
    String table,
    String key,
    Map<String, String> storeOptions,
    List<ColumnDef> columns,
    CacheDef cache,
    Origin origin,
    Origin storeOrigin)
    implements Serializable {

  public TableRef ref() {
    return new TableRef(Layer.DIMENSIONS, name);
  }
}
