package io.strata.layers.generate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;

/**
 * Gives every operator of a table a uid derived from its config path ({@code dws.symbol_minute/
 * WindowAggregate-0}), so that editing one table keeps every other table's savepoint state
 * restorable. Operators already named (upstream tables) are left alone.
 */
public final class StableUids {
  private StableUids() {}

  public static void assign(Transformation<?> root, String path) {
    Map<String, Integer> seen = new HashMap<>();
    Set<Integer> visited = new HashSet<>();
    Deque<Transformation<?>> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Transformation<?> t = todo.pop();
      if (!visited.add(t.getId()) || t.getUid() != null) {
        continue;
      }
      String kind = kindOf(t.getName());
      int n = seen.merge(kind, 1, Integer::sum) - 1;
      t.setUid(path + "/" + kind + "-" + n);
      // Inputs in declared order; stop at transformations that already carry a uid.
      for (int i = t.getInputs().size() - 1; i >= 0; i--) {
        todo.push(t.getInputs().get(i));
      }
    }
  }

  static String kindOf(String name) {
    if (name == null || name.isBlank()) {
      return "op";
    }
    // Planner names carry a global node counter ("Calc[106]") that shifts when another table is
    // added; it must not reach the uid.
    String n = name.replaceAll("\\[\\d+\\]", "").trim();
    int paren = n.indexOf('(');
    if (paren > 0) {
      n = n.substring(0, paren);
    }
    n = n.replaceAll("[^A-Za-z0-9_.:-]+", "_");
    return n.length() > 60 ? n.substring(0, 60) : n;
  }
}
