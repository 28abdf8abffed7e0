package io.strata.layers.generate;

import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;

/**
 * Turns the definition of one table of a layer into Flink operators, reading its inputs from and
 * publishing its output to the {@link JobContext}. One implementation per layer, found through
 * {@link java.util.ServiceLoader}.
 */
public interface LayerTranslator {
  Layer layer();

  /**
   * Translates {@code table}. Problems in the table's SQL are reported to {@link
   * JobContext#problems()}; a table with problems publishes nothing.
   */
  void translate(TableRef table, JobContext context);
}
