package io.strata.lineage.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The active alerts: each evaluation passes the conditions that hold now; new ones are raised,
 * ones that no longer hold are cleared, and every target hears of both transitions.
 */
public final class AlertBook {
  private final String pipeline;
  private final List<AlertTarget> targets;
  private final Map<String, Alert> active = new LinkedHashMap<>();
  private final List<Transition> recent = new ArrayList<>();

  /** A raise or clear, kept for the API's history of alerts. */
  public record Transition(String kind, Alert alert, Instant at) {}

  public AlertBook(String pipeline, List<AlertTarget> targets) {
    this.pipeline = pipeline;
    this.targets = targets;
  }

  public synchronized List<Alert> update(List<Alert> holding, Instant now) {
    Map<String, Alert> next = new LinkedHashMap<>();
    for (Alert a : holding) {
      Alert before = active.get(a.key());
      Alert current = a.since(before == null ? now : before.since());
      next.put(a.key(), current);
      if (before == null) {
        record(new Transition("raised", current, now));
        targets.forEach(t -> t.raised(pipeline, current));
      }
    }
    for (Alert gone : active.values()) {
      if (!next.containsKey(gone.key())) {
        record(new Transition("cleared", gone, now));
        targets.forEach(t -> t.cleared(pipeline, gone, now));
      }
    }
    active.clear();
    active.putAll(next);
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

  public synchronized List<Transition> transitions() {
    return List.copyOf(recent);
  }
}
