package io.strata.dwd;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/** The deduplication key of a row as one string (values joined by a separator no value holds). */
final class DedupKey implements KeySelector<Row, String> {
  private final int[] indexes;

  DedupKey(int[] indexes) {
    this.indexes = indexes;
  }

  @Override
  public String getKey(Row row) {
    if (indexes.length == 1) {
      Object v = row.getField(indexes[0]);
      return v == null ? "\u0001" : v.toString();
    }
    StringBuilder sb = new StringBuilder();
    for (int i : indexes) {
      Object v = row.getField(i);
      sb.append(v == null ? "\u0001" : v.toString()).append('\u0000');
    }
    return sb.toString();
  }
}
