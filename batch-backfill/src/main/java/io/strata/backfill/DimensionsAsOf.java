package io.strata.backfill;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionStores;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.PipelineDef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned dimensions as of the backfill's day: before the recompute, each one's store is asked to
 * make its as-of-day table exist (JDBC: the view {@code <table>__asof_<yyyymmdd>}, created or
 * replaced, so a rerun is harmless); the recompute then looks the dimension up there ({@code
 * RunOptions.withDimensionsAsOf}). Unversioned dimensions are read as they are now.
 */
final class DimensionsAsOf {
  private DimensionsAsOf() {}

  /**
   * Prepares every dimension of {@code pipeline}; returns one line per dimension saying what is
   * read.
   */
  static List<String> prepare(PipelineDef pipeline, LocalDate day) throws Exception {
    List<String> out = new ArrayList<>();
    for (DimensionDef d : pipeline.dimensions().values()) {
      if (DimensionLookupOptions.validFrom(d) == null) {
        out.add("dimension " + d.name() + ": not versioned, current values of " + d.table());
        continue;
      }
      ConnectionDef c = DimensionStores.connectionOf(pipeline, d);
      String table = DimensionStores.storeOf(c).prepareAsOf(d, c, day);
      out.add(
          "dimension "
              + d.name()
              + ": versions in force at the end of "
              + day
              + " ("
              + table
              + ")");
    }
    return out;
  }
}
