package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;

/** A reference to a table of a layer, written {@code layer.table} in configs (like dbt's ref). */
public record TableRef(Layer layer, String table) implements Serializable, Comparable<TableRef> {

  @Override
  public String toString() {
    return layer.key() + "." + table;
  }

  /** A name usable as a Flink view or operator name: {@code dwd__trades}. */
  public String viewName() {
    return layer.key() + "__" + table;
  }

  /** Parses {@code layer.table}; null if it is not of that form. */
  public static TableRef parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    Layer layer = Layer.of(text.substring(0, dot));
    return layer == null ? null : new TableRef(layer, text.substring(dot + 1));
  }

  @Override
  public int compareTo(TableRef o) {
    int c = layer.compareTo(o.layer);
    return c != 0 ? c : table.compareTo(o.table);
  }

  /** A reference as written in a config, remembering where. */
  public record Written(TableRef ref, String text, Origin origin) {}
}
