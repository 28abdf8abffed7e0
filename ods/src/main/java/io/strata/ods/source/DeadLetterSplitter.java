package io.strata.ods.source;

import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.DeadLetters;
import io.strata.layers.generate.FlowCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Splits wire rows into the table's rows and dead letters, counting both. */
final class DeadLetterSplitter extends ProcessFunction<Row, Row> {
  static final OutputTag<byte[]> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
              .BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final String pipeline;
  private final String table;
  private final int columns;
  private final FlowCounter read;
  private final FlowCounter deadLettered;
  private final FlowCounter out;

  DeadLetterSplitter(String pipeline, TableRef table, int columns) {
    this.pipeline = pipeline;
    this.table = table.toString();
    this.columns = columns;
    this.read = new FlowCounter(table, "read");
    this.deadLettered = new FlowCounter(table, "dead_lettered");
    this.out = new FlowCounter(table, "out");
  }

  @Override
  public void open(Configuration parameters) {
    read.open(getRuntimeContext());
    deadLettered.open(getRuntimeContext());
    out.open(getRuntimeContext());
  }

  @Override
  public void processElement(Row wire, Context ctx, Collector<Row> collector) {
    read.inc();
    if (OdsDecoding.isDeadLetter(wire, columns)) {
      deadLettered.inc();
      ctx.output(
          DEAD_LETTERS,
          DeadLetters.undecodable(
              pipeline,
              table,
              (String) wire.getField(columns),
              (String) wire.getField(columns + 2),
              wire.getField(columns + 3) == null ? -1 : (Integer) wire.getField(columns + 3),
              wire.getField(columns + 4) == null ? -1L : (Long) wire.getField(columns + 4),
              (byte[]) wire.getField(columns + 1)));
      return;
    }
    Row row = new Row(RowKind.INSERT, columns);
    for (int i = 0; i < columns; i++) {
      row.setField(i, wire.getField(i));
    }
    out.inc();
    collector.collect(row);
  }
}
