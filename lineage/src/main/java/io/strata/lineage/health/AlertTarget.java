package io.strata.lineage.health;

/** Where alert notifications go: the log, a webhook, ... */
public interface AlertTarget {
  /** An alert was raised (its condition started to hold). */
  void raised(String pipeline, Alert alert);

  /** An alert cleared (its condition no longer holds). */
  void cleared(String pipeline, Alert alert, java.time.Instant at);
}
