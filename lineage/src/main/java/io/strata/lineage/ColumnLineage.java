package io.strata.lineage;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which upstream columns each column of a table is computed from. Expressions have already been
 * validated by Flink; here a column is "used" when its name appears as an identifier outside string
 * literals (the expressions are single expressions over one upstream table).
 */
public final class ColumnLineage {
  private static final Pattern IDENT = Pattern.compile("`([^`]+)`|\\b([A-Za-z_][A-Za-z0-9_]*)\\b");

  private ColumnLineage() {}

  /** For each column of {@code table}: the upstream columns it reads. */
  public static Map<String, List<String>> of(LayerGraph graph, TableRef table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    switch (table.layer()) {
      case DWD -> {
        DwdTableDef d = graph.pipeline().dwd().get(table.table());
        List<String> input = graph.columnsOf(d.from().ref());
        if (input == null) {
          return out;
        }
        if (d.columns().isEmpty()) {
          input.forEach(c -> out.put(c, List.of(c)));
        }
        for (ExprColumn c : d.columns()) {
          out.put(c.name(), referenced(c.sql(), input));
        }
      }
      case DWS -> {
        DwsTableDef d = graph.pipeline().dws().get(table.table());
        List<String> input = graph.columnsOf(d.from().ref());
        if (input == null) {
          return out;
        }
        String time = graph.eventTimeOf(d.from().ref());
        out.put("window_start", time == null ? List.of() : List.of(time));
        out.put("window_end", time == null ? List.of() : List.of(time));
        d.groupBy().forEach(g -> out.put(g, List.of(g)));
        for (ExprColumn m : d.measures()) {
          out.put(m.name(), referenced(m.sql(), input));
        }
      }
      default -> {}
    }
    return out;
  }

  static List<String> referenced(String sql, List<String> columns) {
    String withoutStrings = sql.replaceAll("'(?:[^']|'')*'", "''");
    Set<String> used = new LinkedHashSet<>();
    Matcher m = IDENT.matcher(withoutStrings);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (columns.contains(name)) {
        used.add(name);
      }
    }
    return new ArrayList<>(used);
  }
}
