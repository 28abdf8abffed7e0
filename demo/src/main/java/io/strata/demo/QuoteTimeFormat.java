package io.strata.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How {@code quote_time} is written in the quotes JSON. */
public enum QuoteTimeFormat {
  /** {@code "2026-11-23T09:30:00.123Z"} (Flink json.timestamp-format.standard = ISO-8601). */
  ISO_8601,
  /** {@code "2026-11-23 09:30:00.123Z"} (Flink json.timestamp-format.standard = SQL). */
  SQL,
  /** A JSON number of epoch milliseconds. */
  EPOCH_MILLIS;

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SQL_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The text form (for the two string formats). */
  public String format(Instant time) {
    return switch (this) {
      case ISO_8601 -> ISO.format(time);
      case SQL -> SQL_FORMAT.format(time);
      case EPOCH_MILLIS -> Long.toString(time.toEpochMilli());
    };
  }
}
