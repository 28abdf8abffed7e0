package io.strata.dorisemulator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A temporary partition of a day-partitioned table: its range {@code [lower, upper)} of the
 * partition column. Its rows are kept in the MariaDB table {@link #storedAs(String)} until a
 * REPLACE moves them into the table or a DROP discards them.
 */
public record TemporaryPartition(String name, LocalDateTime lower, LocalDateTime upper) {
  private static final DateTimeFormatter AUTO_NAME =
      DateTimeFormatter.ofPattern("'p'yyyyMMddHHmmss");

  /** The MariaDB table holding the rows of temporary partition {@code name} of {@code table}. */
  public static String storedAs(String table, String name) {
    return table + "__tmp_" + name;
  }

  /**
   * The name Doris gives the auto partition whose range starts at {@code lower} (p20261123000000).
   */
  public static String autoPartitionName(LocalDateTime lower) {
    return AUTO_NAME.format(lower);
  }

  public boolean contains(LocalDateTime t) {
    return !t.isBefore(lower) && t.isBefore(upper);
  }

  public boolean overlaps(TemporaryPartition o) {
    return lower.isBefore(o.upper) && o.lower.isBefore(upper);
  }

  /** The range as Doris prints it. */
  public String range() {
    return "[" + lower + ", " + upper + ")";
  }
}
