package io.strata.cli;

import java.util.Map;

/** Removes secret values (from the environment) from anything printed. */
public final class Secrets {
  private Secrets() {}

  /**
   * Redacts the environment's secrets and every secret option value of the pipeline's connections.
   */
  public static String redact(String text, io.strata.layers.definition.PipelineDef pipeline) {
    String out = redact(text);
    if (out == null || pipeline == null) {
      return out;
    }
    for (io.strata.layers.definition.ConnectionDef c : pipeline.connections().values()) {
      for (String key : c.secretKeys()) {
        String v = c.option(key);
        if (v != null && !v.isEmpty()) {
          out = out.replace(v, "******");
        }
      }
    }
    return out;
  }

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      String k = e.getKey().toUpperCase();
      String v = e.getValue();
      if (v != null
          && v.length() >= 4
          && (k.contains("PASSWORD") || k.contains("SECRET") || k.contains("TOKEN"))) {
        out = out.replace(v, "******");
      }
    }
    return out;
  }
}
