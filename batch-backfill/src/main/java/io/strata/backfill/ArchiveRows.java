package io.strata.backfill;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

/** Row conversions between an ODS table's decoded rows and its archive's rows. */
final class ArchiveRows {
  private ArchiveRows() {}

  /**
   * ODS row (declared columns) → archive row: instants as UTC local times, the event day appended.
   */
  static final class ToArchive implements MapFunction<Row, Row> {
    private final int[] ltz;
    private final int eventTime;
    private final String zone;
    private transient ZoneId zoneId;

    ToArchive(int[] ltz, int eventTime, String zone) {
      this.ltz = ltz;
      this.eventTime = eventTime;
      this.zone = zone;
    }

    @Override
    public Row map(Row in) {
      if (zoneId == null) {
        zoneId = ZoneId.of(zone);
      }
      int n = in.getArity();
      Row out = new Row(n + 1);
      for (int i = 0; i < n; i++) {
        out.setField(i, in.getField(i));
      }
      for (int i : ltz) {
        Object v = in.getField(i);
        out.setField(i, v == null ? null : LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
      }
      out.setField(n, eventDay(in.getField(eventTime), zoneId));
      return out;
    }
  }

  /** The event day, yyyy-MM-dd in the pipeline's time zone. */
  static String eventDay(Object eventTime, ZoneId zone) {
    if (eventTime instanceof Instant i) {
      return i.atZone(zone).toLocalDate().toString();
    }
    if (eventTime instanceof LocalDateTime t) {
      return t.toLocalDate().toString();
    }
    throw new IllegalArgumentException(
        "event time of unexpected type "
            + (eventTime == null ? "null" : eventTime.getClass().getName()));
  }

  /**
   * Archive row → ODS row (declared columns): the day dropped, UTC local times back to instants.
   */
  static final class FromArchive implements MapFunction<Row, Row> {
    private final int columns;
    private final int[] ltz;

    FromArchive(int columns, int[] ltz) {
      this.columns = columns;
      this.ltz = ltz;
    }

    @Override
    public Row map(Row in) {
      Row out = new Row(columns);
      for (int i = 0; i < columns; i++) {
        out.setField(i, in.getField(i));
      }
      for (int i : ltz) {
        Object v = in.getField(i);
        out.setField(i, v == null ? null : ((LocalDateTime) v).toInstant(ZoneOffset.UTC));
      }
      return out;
    }
  }
}
