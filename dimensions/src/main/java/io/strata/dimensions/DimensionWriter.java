package io.strata.dimensions;

import java.util.Map;

/** Upserts typed dimension rows (column name to Java value) into a store. */
public interface DimensionWriter extends AutoCloseable {

  /** Writes one row; may buffer until {@link #flush()}. */
  void write(Map<String, Object> row) throws Exception;

  void flush() throws Exception;

  /** Where the rows went, for messages (for example {@code hbase refdata:instruments}). */
  String target();
}
