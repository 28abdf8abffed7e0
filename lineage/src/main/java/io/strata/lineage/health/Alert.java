package io.strata.lineage.health;

import java.time.Instant;

/**
 * An alert: a rule's condition holding for a subject (a table, an edge or the job).
 *
 * @param key identity across evaluations: {@code <rule>:<subject>}
 * @param rule freshness, balance, dead-letter-rate, no-input or checkpoint-failures
 * @param subject the table, edge or job it is about
 * @param message what is wrong, with the numbers
 * @param since when the condition was first seen (carried over while it holds)
 * @param value the measured value (lag ms, missing rows, rate, ...)
 */
public record Alert(
    String key,
    String rule,
    String subject,
    String severity,
    String message,
    Instant since,
    double value) {

  public static Alert of(
      String rule, String subject, String severity, String message, double value) {
    return new Alert(rule + ":" + subject, rule, subject, severity, message, null, value);
  }

  public Alert since(Instant t) {
    return new Alert(key, rule, subject, severity, message, t, value);
  }
}
