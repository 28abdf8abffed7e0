package io.strata.layers.plugin;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import java.util.List;

/** Turns a sink definition into Flink SQL DDL for a sink table that the composer inserts into. */
public interface SinkTranslator {

  /** A column of the table being written: quoted-safe name and Flink SQL type. */
  record Column(String name, String type) {}

  /** What a sink needs to know about the table it writes. */
  record SinkContext(
      TableRef table,
      List<Column> columns,
      List<String> keyColumns,
      SinkDef sink,
      ConnectionDef connection,
      PipelineSettings settings,
      String sinkTableName) {}

  /** {@code CREATE TEMPORARY TABLE <sinkTableName> (...) WITH (...)} for this sink. */
  String createTableDdl(SinkContext context);

  /**
   * What the composer selects from the layer table's view into this sink's table ({@code INSERT
   * INTO <sinkTableName> SELECT <this> FROM <view>}): {@code *}, or more when the sink table has
   * derived columns after the layer's columns (e.g. a row version).
   */
  default String selectList(SinkContext context) {
    return "*";
  }

  /**
   * Prepares the target before a job starts writing (for example creates a missing ClickHouse
   * table, or checks that an existing one has the layer's columns). Called by `strata run`, not by
   * validate/plan/explain. Throw an exception with a message a user can act on to stop the run.
   */
  default void prepare(SinkContext context) throws Exception {}

  /**
   * Whether the sink counts {@code sink<i>_written} (and {@code sink<i>_rejected}) itself, where it
   * knows a row was written. For every other sink the composer counts the rows it hands to the sink
   * as {@code sink<i>_written}, so that each table → sink edge is balanced.
   */
  default boolean countsWrites() {
    return false;
  }
}
