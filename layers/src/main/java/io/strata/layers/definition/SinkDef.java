package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.util.Map;

/** One output of a DWD or DWS table; {@code type} names the connector plugin. */
public record SinkDef(
    String type, String connection, Map<String, String> options, int index, Origin origin)
    implements Serializable {

  public String option(String key) {
    return options.get(key);
  }
}
