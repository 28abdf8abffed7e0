package io.strata.ods.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ValuesTest {

  private static BigDecimal fit(String value, int precision, int scale) {
    return Values.fitDecimal(new BigDecimal(value), precision, scale);
  }

  @Test
  void fitsDecimalsOnlyWhenNoDigitIsLost() {
    assertThat(fit("1.5", 5, 2)).isEqualTo(new BigDecimal("1.50"));
    assertThat(fit("1.500", 5, 2)).isEqualTo(new BigDecimal("1.50"));
    assertThat(fit("999.99", 5, 2)).isEqualTo(new BigDecimal("999.99"));
    assertThat(fit("-999.99", 5, 2)).isEqualTo(new BigDecimal("-999.99"));
    assertThat(fit("1000", 5, 2)).isNull();
    assertThat(fit("1.005", 5, 2)).isNull();
    assertThat(fit("0", 5, 2)).isEqualTo(new BigDecimal("0.00"));
    assertThat(fit("0E+10", 5, 2)).isEqualTo(new BigDecimal("0.00"));
    assertThat(fit("1E+2", 5, 2)).isEqualTo(new BigDecimal("100.00"));
    assertThat(fit("1E+3", 5, 2)).isNull();
    assertThat(fit("0.001", 3, 3)).isEqualTo(new BigDecimal("0.001"));
  }

  @Test
  @Timeout(5)
  void handlesExtremeExponentsWithoutExpandingThem() {
    assertThat(fit("1E+999999999", 38, 2)).isNull();
    assertThat(fit("1E-999999999", 38, 2)).isNull();
    assertThat(fit("1000000000000000000000E-999999990", 38, 2)).isNull();
    assertThat(Values.isWholeLong(new BigDecimal("1E+999999999"))).isFalse();
    assertThat(Values.isWholeLong(new BigDecimal("1E-999999999"))).isFalse();
    assertThat(Values.isWholeLong(new BigDecimal("12.000"))).isTrue();
  }

  @Test
  void acceptsOnlyPlainNumberText() {
    assertThat(Values.isNumberText("12")).isTrue();
    assertThat(Values.isNumberText("-12.5e+3")).isTrue();
    assertThat(Values.isNumberText(".5")).isTrue();
    assertThat(Values.isNumberText("5.")).isTrue();
    assertThat(Values.isNumberText("+5")).isTrue();
    assertThat(Values.isNumberText(".")).isFalse();
    assertThat(Values.isNumberText("1e")).isFalse();
    assertThat(Values.isNumberText("1e+")).isFalse();
    assertThat(Values.isNumberText("--1")).isFalse();
    assertThat(Values.isNumberText("1 ")).isFalse();
    assertThat(Values.isNumberText("Infinity")).isFalse();
    assertThat(Values.isNumberText("1".repeat(Values.MAX_NUMBER_TEXT + 1))).isFalse();
    assertThat(Values.parseDecimal("1e99999999999")).isNull();
  }

  @Test
  void parsesSimpleLongsWithoutExceptions() {
    assertThat(Values.parseSimpleLong("0")).isEqualTo(0);
    assertThat(Values.parseSimpleLong("-123")).isEqualTo(-123);
    assertThat(Values.parseSimpleLong("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
    assertThat(Values.parseSimpleLong("9999999999999999999")).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.parseSimpleLong("-")).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.parseSimpleLong("")).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.parseSimpleLong("+1")).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.parseSimpleLong("1.0")).isEqualTo(Long.MIN_VALUE);
  }
}
