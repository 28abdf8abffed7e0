package io.strata.dimensions;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;

/**
 * A store that holds dimension tables: how Flink looks a row up by key (a connector lookup table),
 * and how rows are written into it ({@code strata dim load}). Implemented by the connector plugins
 * whose connections can hold dimensions.
 */
public interface DimensionStore {

  /** The Flink lookup table of {@code dimension}, registered under {@code tableName}. */
  LookupTable lookupTable(DimensionDef dimension, ConnectionDef connection, String tableName);

  /** Opens a writer that upserts rows into the dimension's table, creating the table if missing. */
  DimensionWriter openWriter(DimensionDef dimension, ConnectionDef connection) throws Exception;
}
