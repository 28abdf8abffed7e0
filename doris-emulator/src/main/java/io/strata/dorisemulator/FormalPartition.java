package io.strata.dorisemulator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A formal (not temporary) partition of a day-partitioned table, with its range {@code [lower,
 * upper)} of the partition column. It exists once a load put a row into its day (Doris's auto
 * partition, named {@code p<yyyyMMdd>000000}) or once {@code ALTER TABLE ... ADD PARTITION} created
 * it, and it stays when its rows are deleted or replaced, as in Doris.
 */
public record FormalPartition(String name, LocalDateTime lower, LocalDateTime upper) {
  private static final DateTimeFormatter KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * The partition Doris creates for a row of {@code day} in a {@code date_trunc(col, 'day')} table.
   */
  public static FormalPartition autoDay(LocalDate day) {
    LocalDateTime lower = day.atStartOfDay();
    return new FormalPartition(
        TemporaryPartition.autoPartitionName(lower), lower, lower.plusDays(1));
  }

  public boolean contains(LocalDateTime t) {
    return !t.isBefore(lower) && t.isBefore(upper);
  }

  public boolean overlaps(LocalDateTime otherLower, LocalDateTime otherUpper) {
    return lower.isBefore(otherUpper) && otherLower.isBefore(upper);
  }

  public boolean sameRange(TemporaryPartition p) {
    return lower.equals(p.lower()) && upper.equals(p.upper());
  }

  /** The range as the emulator's messages print it. */
  public String range() {
    return "[" + lower + ", " + upper + ")";
  }

  /**
   * The range as {@code SHOW PARTITIONS} prints it for a partition column of Doris type {@code
   * columnType} (DATE or DATETIME): {@code [types: [DATETIMEV2]; keys: [2026-11-23 00:00:00];
   * ..types: [DATETIMEV2]; keys: [2026-11-24 00:00:00]; )}.
   */
  public static String showRange(String columnType, LocalDateTime lower, LocalDateTime upper) {
    boolean date = columnType.equals("DATE");
    String type = date ? "DATEV2" : "DATETIMEV2";
    String lo = date ? lower.toLocalDate().toString() : KEY.format(lower);
    String hi = date ? upper.toLocalDate().toString() : KEY.format(upper);
    return "[types: ["
        + type
        + "]; keys: ["
        + lo
        + "]; ..types: ["
        + type
        + "]; keys: ["
        + hi
        + "]; )";
  }
}
