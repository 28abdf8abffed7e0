package io.strata.lineage.health;

import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.flow.FlowCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds samples for the monitor tests. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private Samples() {}

  static FlowSample at(
      long secondsAfterT0,
      String state,
      Map<String, Map<String, Long>> counts,
      Map<String, Long> watermarks) {
    return new FlowSample(
        T0.plusSeconds(secondsAfterT0),
        "job-1",
        "strata:shop",
        state,
        FlowCounts.of(counts),
        watermarks,
        null,
        List.of(),
        null);
  }

  static FlowSample withCheckpoints(FlowSample s, FlowSample.CheckpointStats c) {
    return new FlowSample(
        s.at(),
        s.jobId(),
        s.jobName(),
        s.jobState(),
        s.counts(),
        s.watermarks(),
        c,
        s.vertices(),
        s.problem());
  }

  static long ms(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0).toEpochMilli();
  }
}
