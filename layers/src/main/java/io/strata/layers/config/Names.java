package io.strata.layers.config;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Identifier rules and "did you mean" suggestions for config keys and references. */
public final class Names {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private Names() {}

  public static boolean isIdentifier(String s) {
    return s != null && IDENTIFIER.matcher(s).matches();
  }

  public static boolean isTopic(String s) {
    return s != null && TOPIC.matcher(s).matches();
  }

  public static final String IDENTIFIER_HINT =
      "names of tables, columns and dimensions must match [A-Za-z_][A-Za-z0-9_]* so that generated"
          + " SQL and DDL cannot be altered by a config value";

  /** The closest candidate within a small edit distance, or null. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = wrong.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  public static String suggestion(String wrong, Collection<String> candidates) {
    String s = didYouMean(wrong, candidates);
    if (s != null) {
      return "did you mean '" + s + "'?";
    }
    return candidates.isEmpty() ? null : "expected one of: " + String.join(", ", candidates);
  }

  /** Edit distance counting a swap of two neighbouring letters as one edit ("kafak" -> "kafka"). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
