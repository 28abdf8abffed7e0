package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/** A named endpoint with its options. Secret options are never printed. */
public record ConnectionDef(
    String name, String type, Map<String, String> options, Set<String> secretKeys, Origin origin)
    implements Serializable {

  public String option(String key) {
    return options.get(key);
  }

  @Override
  public String toString() {
    return "ConnectionDef[name="
        + name
        + ", type="
        + type
        + ", options="
        + redactedOptions()
        + ", origin="
        + origin
        + "]";
  }

  /** Options safe to print: secrets replaced by {@code ******}. */
  public Map<String, String> redactedOptions() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    options.forEach((k, v) -> out.put(k, secretKeys.contains(k) ? "******" : v));
    return out;
  }
}
