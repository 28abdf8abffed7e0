package io.strata.lineage.health;

import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.collect.FlowSample.VertexLoad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallelism advice from measured load, per job vertex (a chain of operators) and for the job.
 *
 * <p>For a vertex at parallelism {@code p}, busy {@code b} ms per second per subtask on average and
 * {@code R} records per second in: the work it does is {@code W = p * b / 1000} busy
 * subtask-seconds per second, so one record costs {@code t = W / R} seconds. To carry the
 * 90th-percentile input rate {@code R90} of the window at a target utilisation {@code u} (0.7:
 * headroom to catch up after a restart), it needs {@code ceil(R90 * t / u)} subtasks. A vertex
 * whose busiest subtask works much more than the average (max/avg over 1.5) is skewed: more
 * parallelism does not help, the key distribution must change first. The job needs the largest need
 * of its vertices.
 */
public final class CapacityAdvisor {
  /** busiest/average subtask above which a vertex counts as skewed. */
  static final double SKEW = 1.5;

  private CapacityAdvisor() {}

  /**
   * Advice for one vertex.
   *
   * @param perRecordMicros busy time per record, microseconds
   * @param neededParallelism subtasks needed for the p90 rate at the target utilisation; null when
   *     unknown
   * @param verdict ok, under-provisioned, over-provisioned, skewed, idle or unknown
   */
  public record VertexAdvice(
      String vertex,
      List<String> tables,
      int parallelism,
      double inPerSecond,
      double inPerSecondP90,
      double busyMsPerSecondAvg,
      double busyMsPerSecondMax,
      double backPressuredMsPerSecond,
      Double perRecordMicros,
      Integer neededParallelism,
      String verdict,
      String explanation) {}

  /** Pure maths for one vertex (unit-tested). */
  public static VertexAdvice advise(VertexLoad now, double p90Rate, double targetUtilisation) {
    int p = Math.max(1, now.parallelism());
    double busy = now.busyMsPerSecondAvg();
    double rate = now.recordsInPerSecond();
    if (rate <= 0 || busy <= 0) {
      return new VertexAdvice(
          now.name(),
          now.tables(),
          p,
          rate,
          p90Rate,
          busy,
          now.busyMsPerSecondMax(),
          now.backPressuredMsPerSecondAvg(),
          null,
          null,
          rate <= 0 ? "idle" : "unknown",
          rate <= 0 ? "no input right now: nothing to measure" : "no busy time reported yet");
    }
    double work = p * busy / 1000.0;
    double perRecord = work / rate;
    double target = Math.max(rate, p90Rate);
    int needed = Math.max(1, (int) Math.ceil(target * perRecord / targetUtilisation - 1e-9));
    String explanation =
        String.format(
            java.util.Locale.ROOT,
            "%.0f rec/s now (p90 %.0f) x %.1f us/record = %.2f busy subtasks; at %.0f%% target utilisation needs %d (has %d)",
            rate,
            p90Rate,
            perRecord * 1e6,
            target * perRecord,
            targetUtilisation * 100,
            needed,
            p);
    String verdict;
    if (p > 1 && busy > 200 && now.busyMsPerSecondMax() > SKEW * busy) {
      verdict = "skewed";
      explanation +=
          "; busiest subtask "
              + Math.round(now.busyMsPerSecondMax())
              + " ms/s vs average "
              + Math.round(busy)
              + ": fix the key distribution before adding parallelism";
    } else if (needed > p) {
      verdict = "under-provisioned";
    } else if (needed < p && (p - needed) >= Math.max(1, Math.round(p * 0.25))) {
      verdict = "over-provisioned";
      explanation +=
          "; a restart costs, so only worth acting on when it frees slots that are needed elsewhere";
    } else {
      verdict = "ok";
    }
    if (now.backPressuredMsPerSecondAvg() > 100) {
      explanation +=
          "; back-pressured "
              + Math.round(now.backPressuredMsPerSecondAvg())
              + " ms/s: the bottleneck is downstream";
    }
    return new VertexAdvice(
        now.name(),
        now.tables(),
        p,
        rate,
        p90Rate,
        busy,
        now.busyMsPerSecondMax(),
        now.backPressuredMsPerSecondAvg(),
        perRecord * 1e6,
        needed,
        verdict,
        explanation);
  }

  /** The 90th percentile of a list of rates (nearest rank); 0 for none. */
  public static double p90(List<Double> rates) {
    if (rates.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(0.9 * sorted.size()) - 1;
    return sorted.get(Math.max(0, rank));
  }

  /** Advice for the job from the latest sample and the rates seen in the window. */
  public static HealthReport.CapacityAdvice advise(
      FlowSample latest,
      List<FlowSample> window,
      int configuredParallelism,
      double targetUtilisation) {
    if (latest == null || latest.vertices().isEmpty()) {
      return new HealthReport.CapacityAdvice(
          configuredParallelism,
          null,
          "unknown",
          "no per-vertex load: capacity advice needs the Flink REST API (busyTimeMsPerSecond, numRecordsInPerSecond)",
          List.of());
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (FlowSample s : window) {
      for (VertexLoad v : s.vertices()) {
        rates.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v.recordsInPerSecond());
      }
    }
    List<VertexAdvice> out = new ArrayList<>();
    Integer needed = null;
    boolean skewed = false;
    for (VertexLoad v : latest.vertices()) {
      VertexAdvice a = advise(v, p90(rates.getOrDefault(v.name(), List.of())), targetUtilisation);
      out.add(a);
      if (a.neededParallelism() != null) {
        needed = needed == null ? a.neededParallelism() : Math.max(needed, a.neededParallelism());
      }
      skewed |= a.verdict().equals("skewed");
    }
    String verdict;
    String explanation;
    if (needed == null) {
      verdict = "idle";
      explanation = "no vertex has input right now; advice needs load to measure";
    } else if (skewed) {
      verdict = "skewed";
      explanation = "a vertex is skewed: fix the key distribution first (see its advice)";
    } else if (needed > configuredParallelism) {
      verdict = "under-provisioned";
      explanation = "set pipeline.parallelism = " + needed + " (the busiest vertex needs it)";
    } else if (needed < configuredParallelism
        && configuredParallelism - needed
            >= Math.max(1, Math.round(configuredParallelism * 0.25))) {
      verdict = "over-provisioned";
      explanation =
          "pipeline.parallelism = "
              + needed
              + " would carry the p90 load; restart only if the slots are needed elsewhere";
    } else {
      verdict = "ok";
      explanation = "parallelism " + configuredParallelism + " carries the p90 load with headroom";
    }
    return new HealthReport.CapacityAdvice(
        configuredParallelism, needed, verdict, explanation, out);
  }
}
