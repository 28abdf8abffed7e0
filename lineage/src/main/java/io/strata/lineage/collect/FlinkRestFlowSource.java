package io.strata.lineage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.lineage.flink.FlinkRestClient;
import io.strata.lineage.flink.FlinkRestClient.Aggregate;
import io.strata.lineage.flow.FlowCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a job through Flink's REST API, so `strata lineage --flink <url>` works against any running
 * job, embedded or on a cluster, and counts survive a detached submit. Counters come from the job's
 * accumulators (exact sums kept by the JobManager) completed by the {@code strata_table} metrics
 * that have no accumulator (sink writers); watermarks, load and checkpoints from per-vertex metrics
 * aggregated by the JobManager. Requests per poll grow with the number of vertices, never with
 * parallelism.
 */
public final class FlinkRestFlowSource implements FlowSource {
  private static final long RELIST_MILLIS = 30_000;

  private final FlinkRestClient rest;
  private final String jobName;
  private String jobId;
  private final Map<String, List<String>> metricIds = new HashMap<>();
  private final Map<String, Long> listedAt = new HashMap<>();

  /**
   * @param jobId the job to follow; null to follow the newest job named {@code jobName} (a
   *     resubmitted job is picked up on the next poll)
   */
  public FlinkRestFlowSource(FlinkRestClient rest, String jobId, String jobName) {
    this.rest = rest;
    this.jobId = jobId;
    this.jobName = jobName;
  }

  @Override
  public String describe() {
    return "Flink REST "
        + rest.baseUrl()
        + (jobId != null ? " job " + jobId : " job '" + jobName + "'");
  }

  public String jobId() {
    return jobId;
  }

  @Override
  public FlowSample sample() {
    Instant now = Instant.now();
    try {
      String id = resolveJob();
      if (id == null) {
        return new FlowSample(
            now,
            null,
            jobName,
            "UNKNOWN",
            FlowCounts.empty(),
            Map.of(),
            null,
            List.of(),
            "no job named '" + jobName + "' at " + rest.baseUrl());
      }
      JsonNode job = rest.job(id);
      FlowCounts counts = FlowCounts.fromAccumulators(rest.accumulators(id));
      Parts parts = vertexParts(id, job);
      return new FlowSample(
          now,
          id,
          job.path("name").asText(jobName),
          job.path("state").asText("UNKNOWN"),
          counts.withMissingFrom(parts.counters),
          parts.watermarks,
          checkpoints(id),
          parts.vertices,
          null);
    } catch (RuntimeException e) {
      return new FlowSample(
          now,
          jobId,
          jobName,
          "UNKNOWN",
          FlowCounts.empty(),
          Map.of(),
          null,
          List.of(),
          "cannot read " + rest.baseUrl() + ": " + e.getMessage());
    }
  }

  /**
   * Watermarks, load and the metric-only counters, as one part of a sample (also used for embedded
   * jobs).
   */
  record Parts(
      Map<String, Long> watermarks, List<FlowSample.VertexLoad> vertices, FlowCounts counters) {}

  Parts vertexParts(String id, JsonNode job) {
    Map<String, Long> watermarks = new TreeMap<>();
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    List<FlowSample.VertexLoad> loads = new ArrayList<>();
    for (JsonNode v : job.path("vertices")) {
      String vid = v.path("id").asText();
      String name = v.path("name").asText();
      int parallelism = v.path("parallelism").asInt(1);
      if (!"RUNNING".equals(v.path("status").asText("RUNNING"))) {
        loads.add(
            new FlowSample.VertexLoad(
                vid, name, OperatorNames.tablesInVertex(name), parallelism, 0, 0, 0, 0));
        continue;
      }
      List<String> wanted =
          new ArrayList<>(
              List.of(
                  "busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "numRecordsInPerSecond"));
      for (String m : metricIdsOf(id, vid)) {
        String[] op = OperatorNames.operatorMetric(m);
        if (OperatorNames.counterMetric(m) != null
            || (op != null
                && (op[1].equals("currentInputWatermark")
                    || (m.startsWith("Source__")
                        && (op[1].equals("currentOutputWatermark")
                            || op[1].equals("numRecordsOutPerSecond")))))) {
          wanted.add(m);
        }
      }
      Map<String, Aggregate> values = rest.vertexMetrics(id, vid, wanted);
      double sourceOut = 0;
      for (Map.Entry<String, Aggregate> e : values.entrySet()) {
        String[] counter = OperatorNames.counterMetric(e.getKey());
        if (counter != null) {
          addCounter(counters, counter[0], counter[1], e.getValue());
          continue;
        }
        String[] op = OperatorNames.operatorMetric(e.getKey());
        if (op == null) {
          continue;
        }
        if (op[1].endsWith("Watermark")) {
          long wm = (long) e.getValue().min();
          // Long.MIN_VALUE: no watermark yet on some subtask; the table has no event-time progress
          // to show.
          if (wm > 0) {
            watermarks.merge(op[0], wm, Math::min);
          }
        } else if (op[1].equals("numRecordsOutPerSecond")) {
          sourceOut += e.getValue().sum();
        }
      }
      double in =
          OperatorNames.isSourceVertex(name) ? sourceOut : sum(values.get("numRecordsInPerSecond"));
      loads.add(
          new FlowSample.VertexLoad(
              vid,
              name,
              OperatorNames.tablesInVertex(name),
              parallelism,
              in,
              avg(values.get("busyTimeMsPerSecond")),
              max(values.get("busyTimeMsPerSecond")),
              avg(values.get("backPressuredTimeMsPerSecond"))));
    }
    return new Parts(watermarks, loads, FlowCounts.of(counters));
  }

  /**
   * Adds one {@code strata_table} metric, already aggregated over a vertex's subtasks, to the
   * table's counters: a count is the sum over subtasks, a gauge ({@link FlowCounts#isGauge}, e.g. a
   * sink's latency) the largest value; over vertices likewise.
   */
  static void addCounter(
      Map<String, Map<String, Long>> counters, String table, String counter, Aggregate value) {
    Map<String, Long> of = counters.computeIfAbsent(table, k -> new TreeMap<>());
    if (FlowCounts.isGauge(counter)) {
      of.merge(counter, Math.round(value.max()), Math::max);
    } else {
      of.merge(counter, Math.round(value.sum()), Long::sum);
    }
  }

  private List<String> metricIdsOf(String id, String vid) {
    long now = System.currentTimeMillis();
    List<String> ids = metricIds.get(vid);
    // Operators register metrics when they open; list again until a vertex shows its counters.
    if (ids == null
        || now - listedAt.getOrDefault(vid, 0L) > RELIST_MILLIS
        || ids.stream().noneMatch(m -> m.contains("Watermark"))) {
      ids = rest.vertexMetricIds(id, vid);
      metricIds.put(vid, ids);
      listedAt.put(vid, now);
    }
    return ids;
  }

  private FlowSample.CheckpointStats checkpoints(String id) {
    try {
      JsonNode c = rest.checkpoints(id);
      JsonNode counts = c.path("counts");
      JsonNode latest = c.path("latest");
      JsonNode completed = latest.path("completed");
      JsonNode failed = latest.path("failed");
      return new FlowSample.CheckpointStats(
          counts.path("completed").asLong(),
          counts.path("failed").asLong(),
          counts.path("in_progress").asLong(),
          completed.isMissingNode() || completed.isNull()
              ? 0
              : completed.path("latest_ack_timestamp").asLong(),
          failed.isMissingNode() || failed.isNull()
              ? 0
              : failed.path("failure_timestamp").asLong(failed.path("trigger_timestamp").asLong()),
          failed.isMissingNode() || failed.isNull()
              ? null
              : failed.path("failure_message").asText(null),
          completed.isMissingNode() || completed.isNull()
              ? 0
              : completed.path("end_to_end_duration").asLong());
    } catch (FlinkRestClient.FlinkRestException e) {
      // Checkpointing disabled: Flink answers 404 or an empty body. Nothing to report.
      return null;
    }
  }

  private String resolveJob() {
    if (jobId != null && jobName == null) {
      return jobId;
    }
    List<FlinkRestClient.JobSummary> jobs = rest.jobs();
    if (jobId != null
        && jobs.stream().anyMatch(j -> j.id().equals(jobId) && !isTerminal(j.state()))) {
      return jobId;
    }
    // Follow the newest job of that name: a resubmitted job (new id) is picked up by itself.
    jobs.stream()
        .filter(j -> jobName == null || j.name().equals(jobName))
        .max(
            Comparator.comparing((FlinkRestClient.JobSummary j) -> !isTerminal(j.state()))
                .thenComparingLong(FlinkRestClient.JobSummary::startTime))
        .ifPresent(j -> jobId = j.id());
    return jobId;
  }

  private static boolean isTerminal(String state) {
    return state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED");
  }

  private static double sum(Aggregate a) {
    return a == null ? 0 : a.sum();
  }

  private static double avg(Aggregate a) {
    return a == null ? 0 : a.avg();
  }

  private static double max(Aggregate a) {
    return a == null ? 0 : a.max();
  }
}
