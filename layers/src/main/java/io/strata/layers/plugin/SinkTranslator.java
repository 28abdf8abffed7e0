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
}
