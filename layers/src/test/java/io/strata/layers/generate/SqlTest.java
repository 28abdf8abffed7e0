package io.strata.layers.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void quotesEveryNameAndEscapesBackticks() {
    assertThat(Sql.name("trades")).isEqualTo("`trades`");
    assertThat(Sql.name("a`b")).isEqualTo("`a``b`");
    assertThat(Sql.name("x`) AS y FROM t; --")).isEqualTo("`x``) AS y FROM t; --`");
    assertThat(Sql.names(List.of("window_start", "symbol"))).isEqualTo("`window_start`, `symbol`");
  }

  @Test
  void writesDurationsAsSecondIntervals() {
    assertThat(Sql.interval(60_000)).isEqualTo("INTERVAL '60' SECOND(2)");
    assertThat(Sql.interval(5_000)).isEqualTo("INTERVAL '5' SECOND(2)");
    assertThat(Sql.interval(86_400_000)).isEqualTo("INTERVAL '86400' SECOND(5)");
    assertThat(Sql.interval(1_500)).isEqualTo("INTERVAL '1.500' SECOND(2, 3)");
    assertThat(Sql.interval(250)).isEqualTo("INTERVAL '0.250' SECOND(2, 3)");
  }
}
