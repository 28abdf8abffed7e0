package io.strata.layers.generate;

import io.strata.layers.definition.TableRef;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * A translated table: its rows as one DataStream (translated once, shared by every consumer), its
 * row type, and its event-time column (null if none).
 */
public record TableStream(
    TableRef ref, DataStream<Row> stream, DataType rowType, String eventTime) {

  /** The Table API schema of this stream; the event-time column keeps the stream's watermarks. */
  public Schema schema() {
    Schema.Builder b = Schema.newBuilder().fromRowDataType(rowType);
    if (eventTime != null) {
      b.watermark(eventTime, "SOURCE_WATERMARK()");
    }
    return b.build();
  }
}
