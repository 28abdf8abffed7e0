package io.strata.lineage.health;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to the log ({@code io.strata.lineage.alerts}): WARN when raised, INFO when cleared.
 */
public final class LogAlertTarget implements AlertTarget {
  private static final Logger LOG = LoggerFactory.getLogger("io.strata.lineage.alerts");

  @Override
  public void raised(String pipeline, Alert alert) {
    LOG.warn("ALERT {} [{}] {}: {}", pipeline, alert.rule(), alert.subject(), alert.message());
  }

  @Override
  public void cleared(String pipeline, Alert alert, Instant at) {
    LOG.info(
        "CLEARED {} [{}] {} after {}s",
        pipeline,
        alert.rule(),
        alert.subject(),
        Duration.between(alert.since(), at).toSeconds());
  }
}
