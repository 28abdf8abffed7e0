package io.strata.dimensions;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import java.time.LocalDate;

/**
 * A store that holds dimension tables: how Flink looks a row up by key (a connector lookup table),
 * and how rows are written into it ({@code strata dim load}). Implemented by the connector plugins
 * whose connections can hold dimensions.
 */
public interface DimensionStore {

  /** The Flink lookup table of {@code dimension}, registered under {@code tableName}. */
  LookupTable lookupTable(DimensionDef dimension, ConnectionDef connection, String tableName);

  /**
   * The lookup table of {@code dimension} as of {@code day} (the backfill of that day): for a
   * versioned dimension, each key's version in force at the end of the day; {@code day} null or an
   * unversioned dimension: the same as {@link #lookupTable(DimensionDef, ConnectionDef, String)}.
   * Call {@link #prepareAsOf} first.
   */
  default LookupTable lookupTable(
      DimensionDef dimension, ConnectionDef connection, String tableName, LocalDate day) {
    if (day == null || DimensionLookupOptions.validFrom(dimension) == null) {
      return lookupTable(dimension, connection, tableName);
    }
    throw new IllegalArgumentException(
        "dimension "
            + dimension.name()
            + " is versioned (valid-from) but cannot be looked up as of "
            + day
            + ": "
            + asOfUnsupportedReason());
  }

  /** Why this store cannot look a versioned dimension up as of a past day; null when it can. */
  default String asOfUnsupportedReason() {
    return "this store has no as-of-day lookups";
  }

  /**
   * Makes what {@link #lookupTable(DimensionDef, ConnectionDef, String, LocalDate)} reads exist in
   * the store (idempotent, safe to repeat); returns its name there.
   */
  default String prepareAsOf(DimensionDef dimension, ConnectionDef connection, LocalDate day)
      throws Exception {
    throw new UnsupportedOperationException(asOfUnsupportedReason());
  }

  /** Opens a writer that upserts rows into the dimension's table, creating the table if missing. */
  DimensionWriter openWriter(DimensionDef dimension, ConnectionDef connection) throws Exception;
}
