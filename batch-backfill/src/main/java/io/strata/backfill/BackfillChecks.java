package io.strata.backfill;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionStores;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backfill cannot do correctly, refused before anything runs (no archive read, no view
 * created, nothing staged), with the file:line of the setting to change.
 */
final class BackfillChecks {
  private BackfillChecks() {}

  /**
   * Throws {@link Problems.ConfigInvalidException} when the recompute of {@code day} would be
   * wrong.
   *
   * @param full the whole pipeline (for the targets' sinks)
   * @param closure the targets and what they read, dimensions included
   */
  static void requireSupported(
      LayerGraph full, LayerGraph closure, LocalDate day, List<TableRef> targets) {
    Problems problems = new Problems();
    clickHouseNeedsUtc(full, targets, problems);
    versionedDimensionsReadableAsOf(closure, day, problems);
    problems.throwIfAny();
  }

  /** True when days in {@code zone} are UTC days all year (UTC, Etc/UTC, GMT, Z, +00:00). */
  static boolean isUtc(String zone) {
    try {
      return ZoneId.of(zone).normalized().equals(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * ClickHouse partitions are UTC days ({@code toYYYYMMDD(window_start)}), the archive and the
   * backfill's day are days in the pipeline's zone: in any other zone a day overlaps two
   * partitions, and replacing either would drop or duplicate the hours of the neighbouring day.
   */
  static void clickHouseNeedsUtc(LayerGraph full, List<TableRef> targets, Problems problems) {
    var settings = full.pipeline().settings();
    if (isUtc(settings.timeZone())) {
      return;
    }
    List<String> sinks = new ArrayList<>();
    for (TableRef t : targets) {
      var dws = full.pipeline().dws().get(t.table());
      for (SinkDef s : dws == null ? List.<SinkDef>of() : dws.sinks()) {
        if ("clickhouse".equals(s.type())) {
          sinks.add(t + " (clickhouse sink at " + s.origin() + ")");
        }
      }
    }
    if (!sinks.isEmpty()) {
      problems.add(
          settings.origin(),
          "cannot backfill into ClickHouse with pipeline.time-zone = \""
              + settings.timeZone()
              + "\": ClickHouse partitions are UTC days (toYYYYMMDD(window_start)) but the archive and the backfill day are days in "
              + settings.timeZone()
              + ", so one day's recompute would replace parts of two partitions wrongly. ClickHouse targets: "
              + String.join(", ", sinks),
          "backfill ClickHouse targets only from a pipeline with time-zone = UTC, or leave these tables out of backfill.layers / --layers");
    }
  }

  /**
   * A versioned dimension must be readable as of the day; otherwise the recompute would use today's
   * versions.
   */
  static void versionedDimensionsReadableAsOf(
      LayerGraph closure, LocalDate day, Problems problems) {
    var p = closure.pipeline();
    for (DimensionDef d : p.dimensions().values()) {
      String validFrom = DimensionLookupOptions.validFrom(d);
      if (validFrom == null) {
        continue;
      }
      String reason;
      try {
        reason =
            DimensionStores.storeOf(DimensionStores.connectionOf(p, d)).asOfUnsupportedReason();
      } catch (IllegalArgumentException e) {
        reason = e.getMessage();
      }
      if (reason != null) {
        problems.add(
            d.storeOrigin(),
            "dimensions."
                + d.name()
                + " is versioned (valid-from = "
                + validFrom
                + ") and cannot be read as of "
                + day
                + " for the backfill: "
                + reason);
      }
    }
  }
}
