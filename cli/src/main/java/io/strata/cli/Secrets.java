package io.strata.cli;

import java.util.Map;

/** Removes secret values (from the environment) from anything printed. */
public final class Secrets {
  private Secrets() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      String k = e.getKey().toUpperCase();
      String v = e.getValue();
      if (v != null && v.length() >= 4 && (k.contains("PASSWORD") || k.contains("SECRET") || k.contains("TOKEN"))) {
        out = out.replace(v, "******");
      }
    }
    return out;
  }
}
