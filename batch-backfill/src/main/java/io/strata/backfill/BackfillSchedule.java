package io.strata.backfill;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/** A 5-field cron expression (minute hour day-of-month month day-of-week) in a time zone. */
public record BackfillSchedule(
    BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, ZoneId zone) {

  public static BackfillSchedule parse(String cron, ZoneId zone) {
    String[] f = cron.trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "backfill.schedule '"
              + cron
              + "' must have 5 fields: minute hour day-of-month month day-of-week, e.g. \"30 2 * * *\"");
    }
    BitSet weekdays = field(f[4], 0, 7, cron);
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    return new BackfillSchedule(
        field(f[0], 0, 59, cron),
        field(f[1], 0, 23, cron),
        field(f[2], 1, 31, cron),
        field(f[3], 1, 12, cron),
        weekdays,
        zone);
  }

  private static BitSet field(String text, int min, int max, String cron) {
    BitSet out = new BitSet();
    for (String part : text.split(",")) {
      int step = 1;
      String range = part;
      if (part.contains("/")) {
        step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
        range = part.substring(0, part.indexOf('/'));
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
        hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
      } else {
        lo = Integer.parseInt(range);
        hi = part.contains("/") ? max : lo;
      }
      if (lo < min || hi > max || lo > hi || step < 1) {
        throw new IllegalArgumentException(
            "backfill.schedule '" + cron + "': '" + part + "' is outside " + min + "-" + max);
      }
      for (int v = lo; v <= hi; v += step) {
        out.set(v);
      }
    }
    return out;
  }

  /** The first matching minute strictly after {@code after}. */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t =
        after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < 366 * 24 * 60; i++) {
      if (months.get(t.getMonthValue())
          && days.get(t.getDayOfMonth())
          && weekdays.get(t.getDayOfWeek().getValue() % 7)
          && hours.get(t.getHour())
          && minutes.get(t.getMinute())) {
        return t;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalArgumentException("backfill.schedule never fires within a year");
  }
}
