package io.strata.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * A record the ODS layer must dead-letter.
 *
 * @param reason which kind of breakage (one of the dead-letter {@link RecordKind}s)
 * @param detail human-readable explanation, e.g. the decoder error to expect
 * @param eventTime the event time the record carries if it is decodable at all, else null. The
 *     generator never lets a dead-lettered record carry an event time newer than the newest valid
 *     record before it, so whether an engine lets dead-lettered records advance the watermark does
 *     not change the expected results.
 */
public record MalformedRecord(RecordKind reason, String detail, Instant eventTime)
    implements RecordDescription {

  public MalformedRecord {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    if (!reason.deadLetter()) {
      throw new IllegalArgumentException(reason + " is not a dead-letter kind");
    }
  }
}
