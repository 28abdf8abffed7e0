package io.strata.lineage.health;

import io.strata.layers.config.ConfigSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long a rule's condition must hold before its alert fires ({@code holdFor}, like Prometheus'
 * {@code for:}) and how long it must have stopped before the alert clears ({@code clearAfter}), so
 * that a condition hovering around its threshold under load does not page on every poll.
 */
public record AlertHoldOff(Duration holdFor, Duration clearAfter) {
  public static final AlertHoldOff NONE = new AlertHoldOff(Duration.ZERO, Duration.ZERO);

  /** The hold-off of every rule: one for all, with per-rule exceptions. */
  public record Rules(AlertHoldOff common, Map<String, AlertHoldOff> perRule) {

    /**
     * The documented defaults: 1 min before firing, 30 s before clearing; rules whose condition
     * already waits (no-input) or is a discrete event (checkpoint-failures, job) fire at once.
     */
    public static Rules defaults() {
      AlertHoldOff common =
          new AlertHoldOff(
              ConfigSchema.ALERT_FOR.defaultValue(), ConfigSchema.ALERT_CLEAR_AFTER.defaultValue());
      Map<String, AlertHoldOff> perRule = new HashMap<>();
      for (String rule : ConfigSchema.ALERT_RULES_WITHOUT_HOLD_OFF) {
        perRule.put(rule, new AlertHoldOff(Duration.ZERO, common.clearAfter()));
      }
      return new Rules(common, Map.copyOf(perRule));
    }

    /** No hold-off at all: every alert fires and clears on the poll that sees it change. */
    public static Rules none() {
      return new Rules(NONE, Map.of());
    }

    public AlertHoldOff of(String rule) {
      return perRule.getOrDefault(rule, common);
    }

    public Rules withCommon(AlertHoldOff h) {
      return new Rules(h, perRule);
    }

    public Rules withRule(String rule, AlertHoldOff h) {
      Map<String, AlertHoldOff> m = new HashMap<>(perRule);
      m.put(rule, h);
      return new Rules(common, Map.copyOf(m));
    }

    /**
     * Reads {@code lineage.alerts}: {@code for} and {@code clear-after} for every rule, and {@code
     * <rule> { for, clear-after }} for one; a rule block inherits what it leaves out.
     */
    @SuppressWarnings("unchecked")
    public static Rules of(Map<String, Object> alerts) {
      Rules r = defaults();
      if (alerts == null || alerts.isEmpty()) {
        return r;
      }
      AlertHoldOff common =
          new AlertHoldOff(
              (Duration) alerts.getOrDefault(ConfigSchema.ALERT_FOR.key(), r.common().holdFor()),
              (Duration)
                  alerts.getOrDefault(
                      ConfigSchema.ALERT_CLEAR_AFTER.key(), r.common().clearAfter()));
      r = new Rules(common, Map.of());
      for (String rule : ConfigSchema.ALERT_RULES) {
        // The common `for` does not apply to rules that fire at once by default; their own block
        // can set one.
        AlertHoldOff h =
            ConfigSchema.ALERT_RULES_WITHOUT_HOLD_OFF.contains(rule)
                ? new AlertHoldOff(Duration.ZERO, common.clearAfter())
                : common;
        if (alerts.get(rule) instanceof Map<?, ?> m) {
          Map<String, Object> own = (Map<String, Object>) m;
          h =
              new AlertHoldOff(
                  (Duration) own.getOrDefault(ConfigSchema.ALERT_FOR.key(), h.holdFor()),
                  (Duration)
                      own.getOrDefault(ConfigSchema.ALERT_CLEAR_AFTER.key(), h.clearAfter()));
        }
        if (!h.equals(common)) {
          r = r.withRule(rule, h);
        }
      }
      return r;
    }
  }
}
