package io.strata.dimensions;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.ConnectorPlugins;

/** Finds the store of a dimension through its connection's plugin. */
public final class DimensionStores {
  private DimensionStores() {}

  public static ConnectionDef connectionOf(PipelineDef pipeline, DimensionDef dimension) {
    ConnectionDef c = pipeline.connections().get(dimension.connection());
    if (c == null) {
      throw new IllegalArgumentException(
          "dimension "
              + dimension.name()
              + " uses connection '"
              + dimension.connection()
              + "', which is not defined");
    }
    return c;
  }

  public static DimensionStore storeOf(ConnectionDef connection) {
    ConnectorPlugin plugin = ConnectorPlugins.get(connection.type());
    if (plugin instanceof DimensionStore store) {
      return store;
    }
    throw new IllegalArgumentException(
        "connection '"
            + connection.name()
            + "' (type "
            + connection.type()
            + ") cannot hold dimension tables; use an hbase or jdbc connection");
  }
}
