package io.strata.layers.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.Origin;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowDefTest {

  private static final long MIN = 60_000;

  private static WindowDef window(String type, Duration size, Duration slide, Duration step) {
    return new WindowDef(type, size, slide, step, Origin.UNKNOWN);
  }

  @Test
  void lastWindowEndForTumbleHopCumulate() {
    WindowDef tumble = window("tumble", Duration.ofMinutes(1), null, null);
    WindowDef hop = window("hop", Duration.ofMinutes(10), Duration.ofMinutes(1), null);
    WindowDef cumulate = window("cumulate", Duration.ofHours(1), null, Duration.ofMinutes(10));
    long ts = 9 * 60 * MIN + 30 * MIN + 20_000; // 09:30:20

    // tumble: [09:30, 09:31)
    assertThat(tumble.lastWindowEnd(ts)).isEqualTo(9 * 60 * MIN + 31 * MIN);
    // hop: the latest window containing 09:30:20 starts at 09:30 and ends 10 minutes later
    assertThat(hop.lastWindowEnd(ts)).isEqualTo(9 * 60 * MIN + 40 * MIN);
    // cumulate: the growing windows all end by the end of the hour
    assertThat(cumulate.lastWindowEnd(ts)).isEqualTo(10 * 60 * MIN);
  }

  @Test
  void aRecordAtAWindowEndBelongsToTheNextWindow() {
    WindowDef tumble = window("tumble", Duration.ofMinutes(1), null, null);
    assertThat(tumble.lastWindowEnd(MIN)).isEqualTo(2 * MIN);
    assertThat(tumble.lastWindowEnd(MIN - 1)).isEqualTo(MIN);
    assertThat(tumble.lastWindowEnd(0)).isEqualTo(MIN);
  }

  @Test
  void hopWindowsEndOneSizeAfterTheLatestSlideStart() {
    WindowDef hop = window("hop", Duration.ofMinutes(5), Duration.ofMinutes(1), null);
    assertThat(hop.lastWindowEnd(3 * MIN)).isEqualTo(8 * MIN);
    assertThat(hop.lastWindowEnd(3 * MIN + 59_999)).isEqualTo(8 * MIN);
    assertThat(hop.lastWindowEnd(4 * MIN)).isEqualTo(9 * MIN);
  }

  @Test
  void timestampsBeforeTheEpochRoundDown() {
    WindowDef tumble = window("tumble", Duration.ofMinutes(1), null, null);
    assertThat(tumble.lastWindowEnd(-1)).isEqualTo(0);
    assertThat(tumble.lastWindowEnd(-MIN)).isEqualTo(0);
    assertThat(tumble.lastWindowEnd(-MIN - 1)).isEqualTo(-MIN);
    WindowDef hop = window("hop", Duration.ofMinutes(5), Duration.ofMinutes(1), null);
    assertThat(hop.lastWindowEnd(-1)).isEqualTo(4 * MIN);
  }
}
