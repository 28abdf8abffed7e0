package io.strata.backfill;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One backfill run for one day: recompute, stage, diff, gate, swap, report, for every ClickHouse
 * and Doris target alike ({@link DayPartition}). Re-running the same day is safe: stages
 * (ClickHouse staging tables, Doris temporary partitions) are recreated, the swap replaces the
 * whole partition, staged versions are derived from the rows alone, and a partition that already
 * equals the recompute is left alone. One gate covers every store: refused means nothing swapped.
 */
public final class Backfill {

  /** What the caller asked for. */
  public record Request(
      LayerGraph graph,
      LocalDate day,
      List<TableRef> layers,
      boolean force,
      boolean dryRun,
      Path reportDir) {}

  /**
   * Thrown when the correction is larger than backfill.max-correction and --force was not given.
   */
  public static final class CorrectionRefused extends RuntimeException {
    private final transient CorrectionReport report;

    CorrectionRefused(CorrectionReport report, String message) {
      super(message);
      this.report = report;
    }

    public CorrectionReport report() {
      return report;
    }
  }

  private Backfill() {}

  public static CorrectionReport run(Request request) throws Exception {
    LayerGraph graph = request.graph();
    var pipeline = graph.pipeline();
    String started = Instant.now().toString();
    String runId = UUID.randomUUID().toString().substring(0, 8);
    List<TableRef> targets = targets(request);
    double max = maxCorrection(pipeline.backfill());

    Map<TableRef, Recompute.Result> results = Recompute.run(graph, request.day(), targets);

    List<TableCorrection> tables = new ArrayList<>();
    List<String> notDone = new ArrayList<>();
    Map<TableCorrection, DayPartition> swaps = new LinkedHashMap<>();
    ClickHousePartition reportStore = null;
    for (TableRef t : targets) {
      Recompute.Result r = results.get(t);
      Set<String> numeric = new LinkedHashSet<>();
      for (int i = 0; i < r.columns().size(); i++) {
        if (CanonicalRows.isNumeric(r.types().get(i))) {
          numeric.add(r.columns().get(i));
        }
      }
      Set<String> additive = new LinkedHashSet<>();
      for (var m : graph.pipeline().dws().get(t.table()).measures()) {
        if (numeric.contains(m.name()) && TableCorrection.isAdditive(m.sql())) {
          additive.add(m.name());
        }
      }
      boolean compared = false;
      for (SinkDef sink : sinks(graph, t)) {
        ConnectionDef connection = pipeline.connections().get(sink.connection());
        DayPartition p;
        if ("clickhouse".equals(sink.type())) {
          ClickHousePartition ch =
              new ClickHousePartition(
                  connection, sink, r, request.day(), pipeline.settings().timeZone());
          reportStore = reportStore == null ? ch : reportStore;
          p = ch;
        } else if ("doris".equals(sink.type())) {
          p =
              new DorisPartition(
                  connection, sink, r, request.day(), pipeline.settings().timeZone(), runId);
        } else {
          notDone.add(
              t
                  + " -> "
                  + sink.type()
                  + " sink "
                  + sink.index()
                  + ": not compared or swapped (the backfill replaces days in clickhouse and doris only)");
          continue;
        }
        List<Map<String, String>> batch = p.dayRows(r);
        p.stage(batch);
        List<Map<String, String>> realtime = p.readRealtime();
        List<String> key = p.key();
        List<String> measures = r.columns().stream().filter(c -> !key.contains(c)).toList();
        TableCorrection c =
            TableCorrection.diff(
                t.toString(),
                p.target(),
                p.partitionId(),
                key,
                measures,
                numeric.stream()
                    .filter(measures::contains)
                    .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)),
                additive,
                realtime,
                batch);
        tables.add(c);
        swaps.put(c, p);
        compared = true;
      }
      if (!compared) {
        notDone.add(
            t
                + ": recomputed ("
                + r.rows().size()
                + " rows) but it has no clickhouse or doris sink to compare with or swap into");
      }
    }
    if (reportStore == null) {
      notDone.add(reportNotStored(request.reportDir()));
    }
    double correction = tables.stream().mapToDouble(TableCorrection::correction).max().orElse(0);
    boolean anyChange = tables.stream().anyMatch(TableCorrection::anyChange);
    CorrectionReport report =
        new CorrectionReport(
            runId,
            pipeline.settings().name(),
            request.day().toString(),
            started,
            "staged",
            max,
            correction,
            request.force(),
            tables,
            notDone);

    String status;
    if (!anyChange) {
      status = "unchanged";
    } else if (request.dryRun()) {
      status = "staged";
    } else if (correction > max && !request.force()) {
      status = "refused";
    } else {
      for (var e : swaps.entrySet()) {
        if (e.getKey().anyChange()) {
          e.getValue().swap();
        }
      }
      status = "swapped";
    }
    report = report.withStatus(status);
    if (request.reportDir() != null) {
      report.writeFiles(
          request
              .reportDir()
              .resolve(pipeline.settings().name())
              .resolve(request.day().toString())
              .resolve(runId));
    }
    if (reportStore != null) {
      report.store(reportStore.http(), reportStore.spec().database());
    }
    if ("refused".equals(status)) {
      TableCorrection worst =
          tables.stream()
              .max(java.util.Comparator.comparingDouble(TableCorrection::correction))
              .orElseThrow();
      TableCorrection.MeasureDelta m =
          worst.measures().stream()
              .max(java.util.Comparator.comparingDouble(TableCorrection.MeasureDelta::relDelta))
              .orElse(null);
      throw new CorrectionRefused(
          report,
          "refused to swap "
              + request.day()
              + ": the correction of "
              + worst.table()
              + (m == null ? "" : "." + m.measure())
              + " is "
              + CorrectionReport.percent(correction)
              + ", over backfill.max-correction "
              + CorrectionReport.percent(max)
              + ". The recompute is staged beside each table (ClickHouse: <table>__backfill; Doris: temporary"
              + " partition "
              + io.strata.connectors.doris.DorisLayerTables.backfillPartition(request.day())
              + "); check the report"
              + " and rerun with --force to swap it in.");
    }
    return report;
  }

  /**
   * Why the report went into no table: the correction table lives in ClickHouse (the lineage
   * service reads it there), and this run has no ClickHouse target to find it through.
   */
  static String reportNotStored(Path reportDir) {
    return "correction report: not stored in a table: no target of this run has a clickhouse sink, and the report table "
        + CorrectionReport.STORE_TABLE
        + " is kept in ClickHouse only (the lineage service reads it there, so its trend will not show"
        + " this run); the report is "
        + (reportDir == null ? "printed only" : "in report.json and report.txt under " + reportDir);
  }

  static List<TableRef> targets(Request request) {
    var p = request.graph().pipeline();
    List<TableRef> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Object configured = p.backfill() == null ? null : p.backfill().get("layers");
    if (request.layers() != null && !request.layers().isEmpty()) {
      out.addAll(request.layers());
    } else if (configured instanceof List<?> l && !l.isEmpty()) {
      l.forEach(x -> names.add(x.toString()));
      for (String n : names) {
        out.add(TableRef.parse(n));
      }
    } else {
      p.dws().keySet().forEach(n -> out.add(new TableRef(Layer.DWS, n)));
    }
    for (TableRef t : out) {
      if (t.layer() != Layer.DWS || !p.dws().containsKey(t.table())) {
        throw new IllegalArgumentException(
            "backfill layers must be DWS tables of the pipeline; '"
                + t
                + "' is not one (DWS tables: "
                + String.join(", ", p.dws().keySet().stream().map(n -> "dws." + n).toList())
                + ")");
      }
    }
    return out;
  }

  static List<SinkDef> sinks(LayerGraph graph, TableRef t) {
    DwsTableDef d = graph.pipeline().dws().get(t.table());
    return d == null ? List.of() : d.sinks();
  }

  /** backfill.max-correction: "5%" or a fraction such as 0.05. */
  static double maxCorrection(Map<String, Object> backfill) {
    Object v = backfill == null ? null : backfill.get("max-correction");
    String s = v == null ? "5%" : v.toString().trim();
    try {
      return s.endsWith("%")
          ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100.0
          : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "backfill.max-correction must be a percentage such as \"5%\" (got '" + s + "')");
    }
  }
}
