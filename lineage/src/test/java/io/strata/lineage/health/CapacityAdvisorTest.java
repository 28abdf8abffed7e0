package io.strata.lineage.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.lineage.collect.FlowSample.VertexLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityAdvisorTest {
  private static VertexLoad load(int p, double rate, double busyAvg, double busyMax) {
    return new VertexLoad(
        "v", "dwd.orders/deduplicate -> ...", List.of("dwd.orders"), p, rate, busyAvg, busyMax, 0);
  }

  @Test
  void neededParallelismIsP90RateTimesPerRecordTimeOverTargetUtilisation() {
    // 2 subtasks busy half the time at 1000 rec/s: 1 busy subtask-second per second, 1 ms per
    // record.
    CapacityAdvisor.VertexAdvice a = CapacityAdvisor.advise(load(2, 1000, 500, 520), 1000, 0.7);
    assertThat(a.perRecordMicros()).isEqualTo(1000.0);
    assertThat(a.neededParallelism()).isEqualTo(2); // ceil(1000 * 0.001 / 0.7) = ceil(1.43)
    assertThat(a.verdict()).isEqualTo("ok");
  }

  @Test
  void aHigherP90RateThanNowAsksForMore() {
    CapacityAdvisor.VertexAdvice a = CapacityAdvisor.advise(load(2, 1000, 500, 520), 2000, 0.7);
    assertThat(a.neededParallelism()).isEqualTo(3); // ceil(2000 * 0.001 / 0.7) = ceil(2.86)
    assertThat(a.verdict()).isEqualTo("under-provisioned");
  }

  @Test
  void aMostlyIdleVertexIsOverProvisioned() {
    CapacityAdvisor.VertexAdvice a = CapacityAdvisor.advise(load(8, 4000, 50, 60), 4000, 0.7);
    assertThat(a.neededParallelism()).isEqualTo(1); // 8 * 0.05 = 0.4 busy subtasks
    assertThat(a.verdict()).isEqualTo("over-provisioned");
  }

  @Test
  void aSmallGainIsNotWorthARestart() {
    // A saving is reported from a quarter of the slots: 2 of 8 is worth it, 1 of 8 is not.
    assertThat(CapacityAdvisor.advise(load(8, 1000, 500, 520), 1000, 0.7).neededParallelism())
        .isEqualTo(6);
    assertThat(CapacityAdvisor.advise(load(8, 1000, 500, 520), 1000, 0.7).verdict())
        .isEqualTo("over-provisioned");
    assertThat(CapacityAdvisor.advise(load(8, 1000, 560, 580), 1000, 0.7).neededParallelism())
        .isEqualTo(7);
    assertThat(CapacityAdvisor.advise(load(8, 1000, 560, 580), 1000, 0.7).verdict())
        .isEqualTo("ok");
  }

  @Test
  void skewIsReportedBeforeAnyParallelismAdvice() {
    CapacityAdvisor.VertexAdvice a = CapacityAdvisor.advise(load(4, 1000, 300, 900), 1000, 0.7);
    assertThat(a.verdict()).isEqualTo("skewed");
    assertThat(a.explanation()).contains("key distribution");
  }

  @Test
  void noInputMeansNothingToMeasure() {
    assertThat(CapacityAdvisor.advise(load(2, 0, 0, 0), 0, 0.7).verdict()).isEqualTo("idle");
    assertThat(CapacityAdvisor.advise(load(2, 0, 0, 0), 0, 0.7).neededParallelism()).isNull();
  }

  @Test
  void p90IsTheNearestRank() {
    assertThat(CapacityAdvisor.p90(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)))
        .isEqualTo(9.0);
    assertThat(CapacityAdvisor.p90(List.of(5.0))).isEqualTo(5.0);
    assertThat(CapacityAdvisor.p90(List.of())).isEqualTo(0.0);
  }
}
