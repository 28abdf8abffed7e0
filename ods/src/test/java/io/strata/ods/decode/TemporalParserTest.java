package io.strata.ods.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemporalParserTest {

  private final TemporalParser parser = new TemporalParser();

  @Test
  void computesEpochDaysLikeLocalDateAcrossTheWholeYearRange() {
    for (long day = Values.MIN_EPOCH_DAY; day <= Values.MAX_EPOCH_DAY; day += 1) {
      LocalDate d = LocalDate.ofEpochDay(day);
      long computed = TemporalParser.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
      if (computed != day) {
        assertThat(computed).as(d.toString()).isEqualTo(day);
      }
    }
  }

  @Test
  void yearRangeConstantsMatchFlinksLimits() {
    assertThat(LocalDate.ofEpochDay(Values.MIN_EPOCH_DAY)).isEqualTo(LocalDate.of(0, 1, 1));
    assertThat(LocalDate.ofEpochDay(Values.MAX_EPOCH_DAY)).isEqualTo(LocalDate.of(9999, 12, 31));
    assertThat(LocalDateTime.ofEpochSecond(Values.MAX_EPOCH_SECOND, 0, ZoneOffset.UTC))
        .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59));
  }

  @Test
  void parsesTimestampPartsAndOffsets() {
    assertThat(parser.parseTimestamp("2026-11-23T09:30:05.000123-05:45")).isTrue();
    assertThat(parser.year).isEqualTo(2026);
    assertThat(parser.month).isEqualTo(11);
    assertThat(parser.day).isEqualTo(23);
    assertThat(parser.hour).isEqualTo(9);
    assertThat(parser.minute).isEqualTo(30);
    assertThat(parser.second).isEqualTo(5);
    assertThat(parser.nano).isEqualTo(123_000);
    assertThat(parser.hasOffset).isTrue();
    assertThat(parser.offsetSeconds).isEqualTo(-(5 * 3600 + 45 * 60));
    assertThat(parser.localEpochSecond())
        .isEqualTo(LocalDateTime.of(2026, 11, 23, 9, 30, 5).toEpochSecond(ZoneOffset.UTC));

    assertThat(parser.parseTimestamp("2026-11-23 09:30")).isTrue();
    assertThat(parser.hasOffset).isFalse();
    assertThat(parser.parseTimestamp("2026-11-23t09:30:00z")).isTrue();
    assertThat(parser.hasOffset).isTrue();
    assertThat(parser.parseTimestamp("2026-11-23T09:30:00+01")).isTrue();
    assertThat(parser.offsetSeconds).isEqualTo(3600);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2026-11-23",
        "2026-11-23T",
        "2026-11-23T9:30",
        "2026-11-23T09:60",
        "2026-11-23T09:30:60",
        "2026-11-23T09:30:00.",
        "2026-11-23T09:30:00Z ",
        " 2026-11-23T09:30:00",
        "2026-11-23T09:30:00+1",
        "2026-11-23T09:30:00+01:0",
        "2026-11-23T09:30:00+19:00",
        "2026-11-23T09:30:00UTC",
        "2026-02-29T00:00",
        "2026-00-10T00:00",
        "２０２６-11-23T00:00",
        "+2026-11-23T00:00",
        "2026-11-23T09:30:00.0000000000"
      })
  void rejectsMalformedTimestamps(String text) {
    assertThat(parser.parseTimestamp(text)).isFalse();
  }

  @Test
  void parsesDatesAndTimesOnTheirOwn() {
    assertThat(parser.parseDate("2000-02-29")).isTrue();
    assertThat(parser.parseDate("1900-02-29")).isFalse();
    assertThat(parser.parseDate("2026-11-23 ")).isFalse();
    assertThat(parser.parseTime("00:00:00.999999999")).isTrue();
    assertThat(parser.nano).isEqualTo(999_999_999);
    assertThat(parser.parseTime("12:00Z")).isFalse();
  }
}
