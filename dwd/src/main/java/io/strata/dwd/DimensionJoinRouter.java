package io.strata.dwd;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.DeadLetters;
import io.strata.layers.generate.FlowCounter;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Applies each join's {@code missing} mode to looked-up rows. A key is missing when the lookup
 * found no row (the connector fails the job when the store cannot answer, so a missing key is never
 * a failed lookup). {@code keep}: the dimension column is null; {@code drop}: the row is dropped
 * and counted; {@code dead-letter}: the row goes to the dead-letter topic with its reason, counted.
 * Counters per DWD table: dimension_missing (rows with at least one missing key, in any mode),
 * dimension_dropped, dimension_dead_lettered.
 */
final class DimensionJoinRouter extends ProcessFunction<Row, Row> {
  static final OutputTag<byte[]> DEAD_LETTERS =
      new OutputTag<>(
          "dimension-dead-letters", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** One join's layout in the flat looked-up row: its columns, found marker and probe key. */
  record Join(
      String dimension, String missing, int firstColumn, int width, int foundIndex, int keyIndex)
      implements Serializable {}

  private final String table;
  private final String pipeline;
  private final String[] inputNames;
  private final List<Join> joins;
  private final FlowCounter missing;
  private final FlowCounter dropped;
  private final FlowCounter deadLettered;

  DimensionJoinRouter(TableRef table, String pipeline, String[] inputNames, List<Join> joins) {
    this.table = table.toString();
    this.pipeline = pipeline;
    this.inputNames = inputNames;
    this.joins = List.copyOf(joins);
    this.missing = new FlowCounter(table, "dimension_missing");
    this.dropped = new FlowCounter(table, "dimension_dropped");
    this.deadLettered = new FlowCounter(table, "dimension_dead_lettered");
  }

  @Override
  public void open(Configuration parameters) {
    missing.open(getRuntimeContext());
    dropped.open(getRuntimeContext());
    deadLettered.open(getRuntimeContext());
  }

  @Override
  public void processElement(Row flat, Context ctx, Collector<Row> out) {
    Row result = new Row(flat.getKind(), inputNames.length + joins.size());
    for (int i = 0; i < inputNames.length; i++) {
      result.setField(i, flat.getField(i));
    }
    boolean anyMissing = false;
    for (int j = 0; j < joins.size(); j++) {
      Join join = joins.get(j);
      if (flat.getField(join.foundIndex()) != null) {
        Row dim = new Row(join.width());
        for (int c = 0; c < join.width(); c++) {
          dim.setField(c, flat.getField(join.firstColumn() + c));
        }
        result.setField(inputNames.length + j, dim);
        continue;
      }
      if (!anyMissing) {
        missing.inc();
        anyMissing = true;
      }
      Object key = flat.getField(join.keyIndex());
      switch (join.missing()) {
        case "drop" -> {
          dropped.inc();
          return;
        }
        case "dead-letter" -> {
          String reason =
              key == null
                  ? "the join key for dimension " + join.dimension() + " is null"
                  : "key '" + key + "' not found in dimension " + join.dimension();
          ctx.output(
              DEAD_LETTERS,
              DeadLetters.missingDimension(
                  pipeline,
                  table,
                  join.dimension(),
                  key == null ? null : String.valueOf(key),
                  reason,
                  inputNames,
                  flat));
          deadLettered.inc();
          return;
        }
        default -> result.setField(inputNames.length + j, null);
      }
    }
    out.collect(result);
  }
}
