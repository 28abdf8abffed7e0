package io.strata.ods.decode;

import java.time.Month;
import java.time.Year;

/**
 * Strict, allocation-free parser for the date/time text ODS accepts. {@link
 * java.time.format.DateTimeFormatter} is an order of magnitude slower and allocates per call, which
 * matters on the per-record path.
 *
 * <ul>
 *   <li>date: {@code yyyy-MM-dd}
 *   <li>time: {@code HH:mm}, {@code HH:mm:ss}, {@code HH:mm:ss.f} with 1 to 9 fraction digits
 *   <li>timestamp: date, {@code T} or one space, time, then optionally {@code Z} or an offset
 *       {@code +HH:mm}, {@code +HHmm}, {@code +HH}
 * </ul>
 *
 * <p>Results are left in the public fields; a parse that returns false leaves them unspecified. One
 * instance per decoder, not thread-safe.
 */
final class TemporalParser {

  int year;
  int month;
  int day;
  int hour;
  int minute;
  int second;
  int nano;
  boolean hasOffset;
  int offsetSeconds;

  private String s;
  private int pos;

  boolean parseDate(String text) {
    s = text;
    pos = 0;
    return date() && pos == s.length();
  }

  boolean parseTime(String text) {
    s = text;
    pos = 0;
    return time() && pos == s.length();
  }

  boolean parseTimestamp(String text) {
    s = text;
    pos = 0;
    if (!date() || pos >= s.length()) {
      return false;
    }
    char sep = s.charAt(pos);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return false;
    }
    pos++;
    return time() && offset() && pos == s.length();
  }

  /**
   * Seconds of the parsed date and time since 1970-01-01T00:00, read as UTC and ignoring the
   * offset.
   */
  long localEpochSecond() {
    return epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
  }

  /**
   * Days from 1970-01-01 to a valid proleptic Gregorian date (same as LocalDate.toEpochDay, without
   * allocating).
   */
  static long epochDay(int year, int month, int day) {
    long y = year;
    long m = month;
    long total = 365 * y;
    if (y >= 0) {
      total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    } else {
      total -= y / -4 - y / -100 + y / -400;
    }
    total += (367 * m - 362) / 12;
    total += day - 1;
    if (m > 2) {
      total--;
      if (!Year.isLeap(y)) {
        total--;
      }
    }
    return total - 719_528L; // days from year 0 to 1970
  }

  private boolean date() {
    year = digits(4);
    if (year < 0 || !expect('-')) {
      return false;
    }
    month = digits(2);
    if (month < 1 || month > 12 || !expect('-')) {
      return false;
    }
    day = digits(2);
    return day >= 1 && day <= Month.of(month).length(Year.isLeap(year));
  }

  private boolean time() {
    hour = digits(2);
    if (hour < 0 || hour > 23 || !expect(':')) {
      return false;
    }
    minute = digits(2);
    if (minute < 0 || minute > 59) {
      return false;
    }
    second = 0;
    nano = 0;
    if (!expect(':')) {
      return true;
    }
    second = digits(2);
    if (second < 0 || second > 59) {
      return false;
    }
    if (!expect('.')) {
      return true;
    }
    int n = 0;
    int count = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c < '0' || c > '9') {
        break;
      }
      if (++count > 9) {
        return false;
      }
      n = n * 10 + (c - '0');
      pos++;
    }
    if (count == 0) {
      return false;
    }
    for (int i = count; i < 9; i++) {
      n *= 10;
    }
    nano = n;
    return true;
  }

  private boolean offset() {
    hasOffset = false;
    offsetSeconds = 0;
    if (pos == s.length()) {
      return true;
    }
    char c = s.charAt(pos);
    if (c == 'Z' || c == 'z') {
      pos++;
      hasOffset = true;
      return true;
    }
    if (c != '+' && c != '-') {
      return false;
    }
    pos++;
    int hours = digits(2);
    if (hours < 0 || hours > 18) {
      return false;
    }
    int minutes = 0;
    if (expect(':')) {
      minutes = digits(2);
      if (minutes < 0) {
        return false;
      }
    } else if (pos < s.length()) {
      minutes = digits(2);
      if (minutes < 0) {
        return false;
      }
    }
    if (minutes > 59 || hours * 3600 + minutes * 60 > 18 * 3600) {
      return false;
    }
    hasOffset = true;
    offsetSeconds = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    return true;
  }

  private boolean expect(char c) {
    if (pos < s.length() && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Exactly n ASCII digits as a number, or -1. */
  private int digits(int n) {
    if (pos + n > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(pos + i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
  }
}
