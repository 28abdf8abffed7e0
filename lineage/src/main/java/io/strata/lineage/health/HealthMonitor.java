package io.strata.lineage.health;

import io.strata.layers.definition.Layer;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.flow.EdgeBalance;
import io.strata.lineage.flow.FlowCounts;
import io.strata.lineage.flow.FlowEdge;
import io.strata.lineage.flow.FlowGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive samples of one job into health reports and alerts: rates, freshness per table,
 * the balance of every edge (telling rows in flight from lost rows), checkpoint health, capacity
 * advice, and the alert rules. Keeps the little state that needs (history, when each watermark and
 * each input last moved).
 */
public final class HealthMonitor {
  /** Rates are measured over this span (or the history, if shorter). */
  static final Duration RATE_SPAN = Duration.ofSeconds(10);

  /** Fewer input rows than this in the rate window: too few to judge a dead-letter rate. */
  static final long MIN_ROWS_FOR_RATE = 20;

  private final FlowGraph graph;
  private final LineageSettings settings;
  private final FlowHistory history;
  private final AlertBook alerts;
  private final String source;
  private final Map<String, Long> lastWatermark = new HashMap<>();
  private final Map<String, Instant> watermarkMovedAt = new HashMap<>();
  private final Map<String, Long> lastRead = new HashMap<>();
  private final Map<String, Instant> readMovedAt = new HashMap<>();
  private long lastCompletedCheckpointAt = -1;
  private long failedAtLastCompleted;
  private volatile HealthReport latest;
  private volatile Map<String, HealthReport.BackfillCorrection> corrections = Map.of();

  public HealthMonitor(
      FlowGraph graph, LineageSettings settings, List<AlertTarget> targets, String source) {
    this.graph = graph;
    this.settings = settings;
    this.history = new FlowHistory(settings.history());
    this.alerts =
        new AlertBook(
            graph.layers().pipeline().settings().name(), targets, settings.alertHoldOffs());
    this.source = source;
  }

  public FlowHistory history() {
    return history;
  }

  public AlertBook alerts() {
    return alerts;
  }

  public FlowGraph graph() {
    return graph;
  }

  public LineageSettings settings() {
    return settings;
  }

  /**
   * The last backfill's correction per table ({@code layer.table}), shown from the next report on.
   */
  public void corrections(Map<String, HealthReport.BackfillCorrection> perTable) {
    this.corrections = Map.copyOf(perTable);
  }

  /** The last report, or null before the first sample. */
  public HealthReport latest() {
    return latest;
  }

  /** Adds a sample, evaluates every rule, updates the alerts; returns the new report. */
  public synchronized HealthReport accept(FlowSample sample) {
    history.add(sample);
    Instant now = sample.at();
    FlowCounts counts = sample.counts();
    FlowSample rateBase = history.atOrAfter(now.minus(RATE_SPAN));
    double span =
        rateBase == null || rateBase == sample
            ? 0
            : Duration.between(rateBase.at(), now).toMillis() / 1000.0;
    boolean running = "RUNNING".equals(sample.jobState());
    List<Alert> holding = new ArrayList<>();

    // Edges first: a table is red when rows go missing on the edge into it.
    List<HealthReport.EdgeHealth> edges = new ArrayList<>();
    Map<String, Status> edgeStatusInto = new HashMap<>();
    for (FlowEdge e : graph.edges(counts)) {
      EdgeBalance b = EdgeBalance.of(e, counts);
      String balance;
      long missing = 0;
      if (!b.checked()) {
        balance = "UNCHECKED";
      } else if (b.difference() == 0) {
        balance = "OK";
      } else {
        missing = lostRows(e, b, sample);
        balance = missing != 0 ? "MISMATCH" : "IN_FLIGHT";
      }
      double rate =
          span > 0 ? (b.upstream() - EdgeBalance.of(e, rateBase.counts()).upstream()) / span : 0;
      Status st =
          switch (balance) {
            case "MISMATCH" -> Status.RED;
            case "UNCHECKED" -> Status.GREY;
            default -> Status.GREEN;
          };
      if (balance.equals("MISMATCH")) {
        holding.add(
            Alert.of(
                "balance",
                e.id(),
                "critical",
                b.describe()
                    + (missing > 0
                        ? "; "
                            + missing
                            + " row(s) entered more than "
                            + settings.balanceGrace().toSeconds()
                            + "s ago and were never counted downstream"
                        : "; counted more rows than entered"),
                missing));
      }
      edges.add(
          new HealthReport.EdgeHealth(
              e.id(),
              e.from(),
              e.to(),
              e.kind().name().toLowerCase(Locale.ROOT),
              b.upstream(),
              b.accounted(),
              b.breakdown(),
              rate,
              balance,
              missing,
              st));
      if (e.kind() != FlowEdge.Kind.SINK) {
        edgeStatusInto.merge(e.to(), st, Status::worst);
      }
    }

    // Tables: rates, freshness, dead-letter rate, input.
    Map<String, Long> eventTimes = eventTimes(sample);
    List<HealthReport.TableHealth> tables = new ArrayList<>();
    Map<String, Status> freshnessOf = new HashMap<>();
    for (TableRef t : graph.layers().order()) {
      String name = t.toString();
      Map<String, Long> c = counts.of(t);
      String inCounter = t.layer() == Layer.ODS ? "read" : null;
      long in = inCounter != null ? counts.count(t, "read") : upstreamOut(t, counts);
      long inBefore =
          rateBase == null
              ? in
              : inCounter != null
                  ? rateBase.counts().count(t, "read")
                  : upstreamOut(t, rateBase.counts());
      double inRate = span > 0 ? (in - inBefore) / span : 0;
      double outRate =
          span > 0
              ? (counts.count(t, "out")
                      - (rateBase == null ? 0 : rateBase.counts().count(t, "out")))
                  / span
              : 0;

      Long wm = pathWatermark(t, eventTimes);
      Long previous = lastWatermark.get(name);
      if (wm != null && !wm.equals(previous)) {
        lastWatermark.put(name, wm);
        watermarkMovedAt.put(name, now);
      }
      long stalled =
          wm == null || watermarkMovedAt.get(name) == null
              ? 0
              : Duration.between(watermarkMovedAt.get(name), now).toMillis();
      Long lag = wm == null ? null : Math.max(0, now.toEpochMilli() - wm);
      long slo = settings.sloOf(name).toMillis();
      Status freshness =
          lag == null
              ? Status.GREY
              : lag > slo ? Status.RED : lag > slo / 2 ? Status.AMBER : Status.GREEN;
      List<String> notes = new ArrayList<>();
      if (freshness == Status.RED) {
        holding.add(
            Alert.of(
                "freshness",
                name,
                "critical",
                name
                    + " is "
                    + human(lag)
                    + " behind (SLO "
                    + human(slo)
                    + ")"
                    + (stalled > 0 ? "; its watermark has not moved for " + human(stalled) : ""),
                lag));
        if (stalled > 0) {
          notes.add("watermark still for " + human(stalled));
        }
      }
      if (wm == null) {
        notes.add(
            eventTimes.isEmpty()
                ? "no watermarks from this source (needs the Flink REST API)"
                : "no watermark yet");
      }
      freshnessOf.put(name, freshness);
      Status status = freshness.worst(edgeStatusInto.getOrDefault(name, Status.GREEN));

      // Dead-letter rate over the rate window.
      if (c.containsKey("dead_lettered") || c.containsKey("dimension_dead_lettered")) {
        FlowSample base = history.atOrAfter(now.minus(settings.rateWindow()));
        long dIn =
            in
                - (base == null
                    ? 0
                    : (inCounter != null
                        ? base.counts().count(t, "read")
                        : upstreamOut(t, base.counts())));
        long dDead = deadLetters(counts, t) - (base == null ? 0 : deadLetters(base.counts(), t));
        if (base == sample) {
          dIn = in;
          dDead = deadLetters(counts, t);
        }
        if (dIn >= MIN_ROWS_FOR_RATE && (double) dDead / dIn > settings.deadLetterRate()) {
          double r = (double) dDead / dIn;
          holding.add(
              Alert.of(
                  "dead-letter-rate",
                  name,
                  "warning",
                  String.format(
                      Locale.ROOT,
                      "%s dead-lettered %.1f%% of its input (%d of %d) in the last %s; threshold %.1f%%",
                      name,
                      r * 100,
                      dDead,
                      dIn,
                      human(settings.rateWindow().toMillis()),
                      settings.deadLetterRate() * 100),
                  r));
          status = status.worst(Status.AMBER);
          notes.add(String.format(Locale.ROOT, "dead letters %.1f%%", r * 100));
        }
      }
      // No input.
      if (t.layer() == Layer.ODS) {
        long read = counts.count(t, "read");
        if (!Long.valueOf(read).equals(lastRead.get(name))) {
          lastRead.put(name, read);
          readMovedAt.put(name, now);
        }
        long idle = Duration.between(readMovedAt.get(name), now).toMillis();
        if (running && idle >= settings.noInputFor().toMillis()) {
          holding.add(
              Alert.of(
                  "no-input",
                  name,
                  "warning",
                  name + " has read nothing from Kafka for " + human(idle),
                  idle));
          status = status.worst(Status.AMBER);
          notes.add("no input for " + human(idle));
        }
      }
      tables.add(
          new HealthReport.TableHealth(
              name,
              t.layer().key(),
              graph.layers().upstreamOf(t).stream().map(TableRef::toString).toList(),
              c,
              inRate,
              outRate,
              wm,
              lag,
              slo,
              stalled,
              freshness,
              status,
              notes,
              corrections.getOrDefault(name, HealthReport.BackfillCorrection.notYet())));
    }

    List<HealthReport.SinkHealth> sinks = new ArrayList<>();
    for (FlowEdge e : graph.edges(counts)) {
      if (e.kind() != FlowEdge.Kind.SINK) {
        continue;
      }
      TableRef t = e.upstreamTable();
      int index = Integer.parseInt(e.to().substring(e.to().lastIndexOf("/sink") + 5));
      SinkDef def =
          graph.sinksOf(t).stream().filter(s -> s.index() == index).findFirst().orElse(null);
      String written = "sink" + index + "_written";
      long w = counts.count(t, written);
      double wr = span > 0 ? (w - rateBase.counts().count(t, written)) / span : 0;
      Long latencyMax = counts.gauge(t, FlowCounts.sinkLatency(index, "max"));
      Long latencyMean = counts.gauge(t, FlowCounts.sinkLatency(index, "mean"));
      long latencySlo = settings.latencySloOf(t.toString()).toMillis();
      Status latency =
          latencyMax == null
              ? Status.GREY
              : latencyMax > latencySlo
                  ? Status.RED
                  : latencyMax > latencySlo / 2 ? Status.AMBER : Status.GREEN;
      if (latency == Status.RED) {
        holding.add(
            Alert.of(
                "latency",
                e.to(),
                "critical",
                "rows of "
                    + t
                    + " became visible in "
                    + (def == null ? "sink " + index : FlowGraph.describeSink(def))
                    + " up to "
                    + human(latencyMax)
                    + " after their "
                    + (t.layer() == Layer.DWS ? "window end" : "event time")
                    + (latencyMean == null ? "" : " (mean " + human(latencyMean) + ")")
                    + " (SLO "
                    + human(latencySlo)
                    + ")",
                latencyMax));
      }
      sinks.add(
          new HealthReport.SinkHealth(
              e.to(),
              t.toString(),
              index,
              def == null ? "sink " + index + " (added in code)" : FlowGraph.describeSink(def),
              counts.has(t, written),
              w,
              counts.count(t, "sink" + index + "_rejected"),
              wr,
              latencyMax,
              latencyMean,
              latencySlo,
              latency));
    }

    HealthReport.CheckpointHealth checkpoints = checkpoints(sample, holding, now);
    if (sample.problem() != null && sample.counts().isEmpty()) {
      holding.add(
          Alert.of(
              "job",
              sample.jobName() == null ? "job" : sample.jobName(),
              "critical",
              sample.problem(),
              0));
    } else if ("FAILED".equals(sample.jobState())) {
      holding.add(
          Alert.of("job", sample.jobName(), "critical", "job " + sample.jobId() + " FAILED", 0));
    }
    List<Alert> active = alerts.update(holding, now, sample.terminal());
    Status jobStatus =
        switch (sample.jobState()) {
          case "RUNNING", "FINISHED" -> Status.GREEN;
          case "FAILED" -> Status.RED;
          case "UNKNOWN" -> Status.GREY;
          default -> Status.AMBER;
        };
    HealthReport.CapacityAdvice capacity =
        CapacityAdvisor.advise(
            sample,
            history.since(now.minus(settings.rateWindow())),
            graph.layers().pipeline().settings().parallelism(),
            settings.targetUtilisation());
    latest =
        new HealthReport(
            now,
            graph.layers().pipeline().settings().name(),
            source,
            new HealthReport.Job(
                sample.jobId(), sample.jobName(), sample.jobState(), sample.problem(), jobStatus),
            tables,
            sinks,
            edges,
            checkpoints,
            capacity,
            active);
    return latest;
  }

  /**
   * Rows lost on an edge that does not balance now. Finished job: the difference is exact. Running
   * job: rows that entered the edge more than the grace period ago but are still not counted
   * downstream are lost (or stuck); fewer counted than entered within the grace is rows in flight.
   * Counted more than entered (also beyond the grace) is returned as a negative number.
   */
  long lostRows(FlowEdge e, EdgeBalance now, FlowSample sample) {
    if (sample.terminal()) {
      return now.difference();
    }
    FlowSample past = history.atOrBefore(sample.at().minus(settings.balanceGrace()));
    if (past == null) {
      return 0;
    }
    EdgeBalance then = EdgeBalance.of(e, past.counts());
    long missing = then.upstream() - now.accounted();
    if (missing > 0) {
      return missing;
    }
    long surplus = then.accounted() - now.upstream();
    return surplus > 0 ? -surplus : 0;
  }

  private HealthReport.CheckpointHealth checkpoints(
      FlowSample sample, List<Alert> holding, Instant now) {
    FlowSample.CheckpointStats c = sample.checkpoints();
    if (c == null) {
      return null;
    }
    if (lastCompletedCheckpointAt < 0) {
      failedAtLastCompleted =
          c.lastFailedAt() > c.lastCompletedAt() ? Math.max(0, c.failed() - 1) : c.failed();
      lastCompletedCheckpointAt = c.lastCompletedAt();
    } else if (c.lastCompletedAt() > lastCompletedCheckpointAt) {
      lastCompletedCheckpointAt = c.lastCompletedAt();
      failedAtLastCompleted = c.failed();
    }
    long failedSince = c.failed() - failedAtLastCompleted;
    Long ago = c.lastCompletedAt() > 0 ? now.toEpochMilli() - c.lastCompletedAt() : null;
    long interval = graph.layers().pipeline().settings().checkpointInterval().toMillis();
    Status st = Status.GREEN;
    if (failedSince >= settings.checkpointFailures()) {
      st = Status.RED;
      holding.add(
          Alert.of(
              "checkpoint-failures",
              "job",
              "critical",
              failedSince
                  + " checkpoint(s) failed since the last completed one"
                  + (c.lastFailureMessage() == null ? "" : ": " + c.lastFailureMessage()),
              failedSince));
    } else if (ago != null && ago > 3 * interval + 10_000 && "RUNNING".equals(sample.jobState())) {
      st = Status.AMBER;
    } else if (c.completed() == 0) {
      st = Status.GREY;
    }
    return new HealthReport.CheckpointHealth(
        c.completed(),
        c.failed(),
        c.inProgress(),
        ago,
        c.lastDurationMs(),
        c.lastFailureMessage(),
        st);
  }

  /**
   * Rows a table sent to its dead-letter topic: undecodable (ODS) or with a missing dimension key
   * (DWD).
   */
  private static long deadLetters(FlowCounts counts, TableRef t) {
    return counts.count(t, "dead_lettered") + counts.count(t, "dimension_dead_lettered");
  }

  private long upstreamOut(TableRef t, FlowCounts counts) {
    long n = 0;
    for (TableRef u : graph.layers().upstreamOf(t)) {
      n += counts.count(u, "out");
    }
    return n;
  }

  /**
   * Event-time progress per table: Flink's watermarks where the source has them, else the newest
   * event time a table's operators report as the {@code max_event_time} counter (a gauge and
   * accumulator the generator can add, so an in-process job without REST still has freshness).
   */
  static Map<String, Long> eventTimes(FlowSample sample) {
    Map<String, Long> out = new HashMap<>(sample.watermarks());
    sample
        .counts()
        .asMap()
        .forEach(
            (table, c) -> {
              Long newest = c.get("max_event_time");
              if (newest != null && newest > 0) {
                out.putIfAbsent(table, newest);
              }
            });
    return out;
  }

  /**
   * The smallest watermark over the table and every table upstream of it; null if the table has
   * none.
   */
  Long pathWatermark(TableRef t, Map<String, Long> watermarks) {
    Long own = watermarks.get(t.toString());
    if (own == null) {
      return null;
    }
    long min = own;
    Set<TableRef> seen = new LinkedHashSet<>();
    List<TableRef> todo = new ArrayList<>(graph.layers().upstreamOf(t));
    while (!todo.isEmpty()) {
      TableRef u = todo.remove(todo.size() - 1);
      if (seen.add(u)) {
        Long w = watermarks.get(u.toString());
        if (w != null) {
          min = Math.min(min, w);
        }
        todo.addAll(graph.layers().upstreamOf(u));
      }
    }
    return min;
  }

  /** 1h 2m, 3m 4s, 5.2s, 120ms. */
  public static String human(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long s = millis / 1000;
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    if (s < 86400) {
      return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
    }
    return (s / 86400) + "d " + ((s % 86400) / 3600) + "h";
  }
}
