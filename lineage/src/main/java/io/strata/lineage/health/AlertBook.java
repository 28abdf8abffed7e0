package io.strata.lineage.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The active alerts: each evaluation passes the conditions that hold now. A condition fires once it
 * has held for its rule's hold-off ({@link AlertHoldOff#holdFor()}); a firing alert clears once its
 * condition has been gone for {@link AlertHoldOff#clearAfter()}; every target hears of both
 * transitions. Time is the samples' time, never the wall clock, so the book is tested with a fake
 * one.
 */
public final class AlertBook {
  private final String pipeline;
  private final List<AlertTarget> targets;
  private final AlertHoldOff.Rules holdOffs;
  private final Map<String, Alert> active = new LinkedHashMap<>();

  /** Conditions holding but not yet for long enough: key to the time first seen. */
  private final Map<String, Alert> pending = new LinkedHashMap<>();

  /** Firing alerts whose condition has stopped: key to the time it was first seen gone. */
  private final Map<String, Instant> clearing = new LinkedHashMap<>();

  private final List<Transition> recent = new ArrayList<>();

  /** A raise or clear, kept for the API's history of alerts. */
  public record Transition(String kind, Alert alert, Instant at) {}

  public AlertBook(String pipeline, List<AlertTarget> targets) {
    this(pipeline, targets, AlertHoldOff.Rules.none());
  }

  public AlertBook(String pipeline, List<AlertTarget> targets, AlertHoldOff.Rules holdOffs) {
    this.pipeline = pipeline;
    this.targets = targets;
    this.holdOffs = holdOffs;
  }

  /** Updates with the conditions that hold at {@code now}; returns the firing alerts. */
  public synchronized List<Alert> update(List<Alert> holding, Instant now) {
    return update(holding, now, false);
  }

  /**
   * Updates with the conditions that hold at {@code now}. With {@code settled} (the job has ended,
   * its numbers no longer change) hold-offs are skipped: waiting could only delay the news.
   */
  public synchronized List<Alert> update(List<Alert> holding, Instant now, boolean settled) {
    Set<String> holdingKeys = holding.stream().map(Alert::key).collect(Collectors.toSet());
    for (Alert a : holding) {
      Alert firing = active.get(a.key());
      if (firing != null) {
        clearing.remove(a.key());
        active.put(a.key(), a.since(firing.since()));
        continue;
      }
      Alert first = pending.get(a.key());
      Instant since = first == null ? now : first.since();
      Alert current = a.since(since);
      if (settled || !now.isBefore(since.plus(holdOffs.of(a.rule()).holdFor()))) {
        pending.remove(a.key());
        active.put(a.key(), current);
        record(new Transition("raised", current, now));
        targets.forEach(t -> t.raised(pipeline, current));
      } else {
        pending.put(a.key(), current);
      }
    }
    // A condition that stops before it fired starts over next time.
    pending.keySet().retainAll(holdingKeys);
    for (Alert gone : List.copyOf(active.values())) {
      if (holdingKeys.contains(gone.key())) {
        continue;
      }
      Instant stoppedAt = clearing.computeIfAbsent(gone.key(), k -> now);
      if (settled || !now.isBefore(stoppedAt.plus(holdOffs.of(gone.rule()).clearAfter()))) {
        active.remove(gone.key());
        clearing.remove(gone.key());
        record(new Transition("cleared", gone, now));
        targets.forEach(t -> t.cleared(pipeline, gone, now));
      }
    }
    return List.copyOf(active.values());
  }

  private void record(Transition t) {
    recent.add(t);
    if (recent.size() > 500) {
      recent.remove(0);
    }
  }

  public synchronized List<Alert> active() {
    return List.copyOf(active.values());
  }

  /** Conditions that hold but have not held for their rule's {@code for} yet. */
  public synchronized List<Alert> pending() {
    return List.copyOf(pending.values());
  }

  public synchronized List<Transition> transitions() {
    return List.copyOf(recent);
  }

  public AlertHoldOff.Rules holdOffs() {
    return holdOffs;
  }
}
