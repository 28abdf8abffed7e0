package io.strata.ods.source;

import io.strata.ods.decode.DecodeException;
import io.strata.ods.decode.RecordDecoder;
import java.io.Serializable;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Turns one raw record into a wire row: the decoded columns, or a dead letter with its reason, raw
 * bytes and coordinates. Never throws for bad input.
 */
public final class OdsDecoding implements Serializable {
  private final RecordDecoder decoder;
  private final int columns;
  private final int eventTimeIndex;
  private final String eventTimeColumn;

  public OdsDecoding(
      RecordDecoder decoder, int columns, int eventTimeIndex, String eventTimeColumn) {
    this.decoder = decoder;
    this.columns = columns;
    this.eventTimeIndex = eventTimeIndex;
    this.eventTimeColumn = eventTimeColumn;
  }

  public Row decode(byte[] value, String topic, int partition, long offset) {
    if (value == null) {
      return deadLetter("record has no value (tombstone)", null, topic, partition, offset);
    }
    Row decoded;
    try {
      decoded = decoder.decode(value);
    } catch (DecodeException e) {
      return deadLetter(e.getMessage(), value, topic, partition, offset);
    } catch (RuntimeException e) {
      return deadLetter("decoder failed: " + e, value, topic, partition, offset);
    }
    if (eventTimeIndex >= 0 && decoded.getField(eventTimeIndex) == null) {
      return deadLetter(
          "event-time column '" + eventTimeColumn + "' has no value",
          value,
          topic,
          partition,
          offset);
    }
    Row wire = new Row(RowKind.INSERT, columns + 5);
    for (int i = 0; i < columns; i++) {
      wire.setField(i, decoded.getField(i));
    }
    return wire;
  }

  private Row deadLetter(String reason, byte[] raw, String topic, int partition, long offset) {
    Row wire = new Row(RowKind.INSERT, columns + 5);
    wire.setField(columns, reason);
    wire.setField(columns + 1, raw);
    wire.setField(columns + 2, topic);
    wire.setField(columns + 3, partition);
    wire.setField(columns + 4, offset);
    return wire;
  }

  /** True for a wire row that carries a dead letter; decoded rows (no wire fields) never do. */
  public static boolean isDeadLetter(Row wire, int columns) {
    return wire.getArity() > columns && wire.getField(columns) != null;
  }
}
