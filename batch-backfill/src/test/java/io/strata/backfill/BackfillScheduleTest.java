package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BackfillScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void nightlyScheduleFiresOncePerDayAtItsMinute() {
    BackfillSchedule s = BackfillSchedule.parse("30 2 * * *", UTC);
    assertThat(s.next(ZonedDateTime.parse("2026-11-24T01:00:00Z[UTC]")))
        .isEqualTo(ZonedDateTime.parse("2026-11-24T02:30:00Z[UTC]"));
    assertThat(s.next(ZonedDateTime.parse("2026-11-24T02:30:00Z[UTC]")))
        .isEqualTo(ZonedDateTime.parse("2026-11-25T02:30:00Z[UTC]"));
  }

  @Test
  void readsListsRangesStepsAndWeekdays() {
    BackfillSchedule s = BackfillSchedule.parse("*/15 1-2 * * 1-5", UTC);
    // 2026-11-28 is a Saturday: the next weekday run is Monday 01:00.
    assertThat(s.next(ZonedDateTime.parse("2026-11-27T02:50:00Z[UTC]")))
        .isEqualTo(ZonedDateTime.parse("2026-11-30T01:00:00Z[UTC]"));
  }

  @Test
  void rejectsExpressionsWithoutFiveFields() {
    assertThatThrownBy(() -> BackfillSchedule.parse("0 2 * *", UTC))
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> BackfillSchedule.parse("61 2 * * *", UTC))
        .hasMessageContaining("outside 0-59");
  }
}
