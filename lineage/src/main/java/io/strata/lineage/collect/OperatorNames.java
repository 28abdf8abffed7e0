package io.strata.lineage.collect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Flink's names back to Strata tables. Generated operators are named {@code
 * <layer>.<table>/...} (e.g. {@code dwd.trades/filter}); in metric ids Flink writes the dots as
 * underscores ({@code dwd_trades/filter.currentInputWatermark}, {@code
 * dwd_trades/filter.strata_table.dwd_trades.filtered}).
 */
public final class OperatorNames {
  private static final String LAYERS = "ods|dwd|dws|dimensions";
  private static final Pattern VERTEX_TABLE =
      Pattern.compile("(?:^|[ (,>:])(" + LAYERS + ")\\.([A-Za-z_][A-Za-z0-9_]*)/");
  private static final Pattern METRIC_OPERATOR =
      Pattern.compile("^(?:Source__)?(" + LAYERS + ")_([A-Za-z_][A-Za-z0-9_]*)/[^.]*\\.(.+)$");
  private static final Pattern METRIC_COUNTER =
      Pattern.compile(
          "^.*\\.strata_table\\.(" + LAYERS + ")_([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z0-9_]+)$");

  private OperatorNames() {}

  /**
   * The tables that have operators in a vertex, from its name (chained operators joined by " -> ").
   */
  public static List<String> tablesInVertex(String vertexName) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = VERTEX_TABLE.matcher(vertexName);
    while (m.find()) {
      out.add(m.group(1) + "." + m.group(2));
    }
    return new ArrayList<>(out);
  }

  /**
   * For an operator metric id {@code dwd_trades/out.currentInputWatermark}: {table, metric}; else
   * null.
   */
  public static String[] operatorMetric(String metricId) {
    Matcher m = METRIC_OPERATOR.matcher(metricId);
    return m.matches() ? new String[] {m.group(1) + "." + m.group(2), m.group(3)} : null;
  }

  /**
   * For a flow counter metric id {@code ..strata_table.dwd_trades.filtered}: {table, counter}; else
   * null.
   */
  public static String[] counterMetric(String metricId) {
    Matcher m = METRIC_COUNTER.matcher(metricId);
    return m.matches() ? new String[] {m.group(1) + "." + m.group(2), m.group(3)} : null;
  }

  /** Whether a vertex reads from outside the job (a source). */
  public static boolean isSourceVertex(String vertexName) {
    return vertexName.startsWith("Source: ");
  }
}
