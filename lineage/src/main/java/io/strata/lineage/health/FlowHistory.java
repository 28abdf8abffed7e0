package io.strata.lineage.health;

import io.strata.lineage.collect.FlowSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The recent samples of one job, oldest first, kept for a bounded time: rates, "what had entered an
 * edge a grace period ago", percentiles of input rates. In memory only (see docs/lineage.md on
 * keeping history in ClickHouse).
 */
public final class FlowHistory {
  private final Duration retention;
  private final Deque<FlowSample> samples = new ArrayDeque<>();

  public FlowHistory(Duration retention) {
    this.retention = retention;
  }

  public synchronized void add(FlowSample s) {
    if (!samples.isEmpty()
        && s.jobId() != null
        && samples.peekLast().jobId() != null
        && !s.jobId().equals(samples.peekLast().jobId())) {
      // A new job (resubmitted): its counters start again from zero.
      samples.clear();
    }
    samples.addLast(s);
    Instant oldest = s.at().minus(retention);
    while (samples.size() > 1 && samples.peekFirst().at().isBefore(oldest)) {
      samples.removeFirst();
    }
  }

  public synchronized FlowSample latest() {
    return samples.peekLast();
  }

  /** The newest sample taken at or before {@code t}, or null if every sample is newer. */
  public synchronized FlowSample atOrBefore(Instant t) {
    FlowSample found = null;
    for (FlowSample s : samples) {
      if (s.at().isAfter(t)) {
        break;
      }
      found = s;
    }
    return found;
  }

  /** The oldest sample kept at or after {@code t} (the first one if all are newer). */
  public synchronized FlowSample atOrAfter(Instant t) {
    for (FlowSample s : samples) {
      if (!s.at().isBefore(t)) {
        return s;
      }
    }
    return samples.peekLast();
  }

  public synchronized List<FlowSample> since(Instant t) {
    List<FlowSample> out = new ArrayList<>();
    for (FlowSample s : samples) {
      if (!s.at().isBefore(t)) {
        out.add(s);
      }
    }
    return out;
  }

  public synchronized List<FlowSample> all() {
    return new ArrayList<>(samples);
  }
}
