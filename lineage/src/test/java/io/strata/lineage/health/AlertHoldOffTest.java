package io.strata.lineage.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.PipelineLoader;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.lineage.TestPipelines;
import io.strata.lineage.flow.FlowGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts fire once their condition has held for the rule's `for`, and clear once it has been gone
 * for `clear-after`.
 */
class AlertHoldOffTest {
  private static final Instant T0 = Samples.T0;
  private final List<String> notified = new ArrayList<>();
  private final AlertTarget recorder =
      new AlertTarget() {
        @Override
        public void raised(String pipeline, Alert alert) {
          notified.add("raised " + alert.key());
        }

        @Override
        public void cleared(String pipeline, Alert alert, Instant at) {
          notified.add("cleared " + alert.key());
        }
      };

  @TempDir Path dir;

  private AlertBook book(AlertHoldOff.Rules rules) {
    return new AlertBook("shop", List.of(recorder), rules);
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static List<Alert> lagging() {
    return List.of(
        Alert.of("freshness", "dwd.orders", "critical", "dwd.orders is 6m behind", 360_000));
  }

  private static AlertHoldOff.Rules oneMinuteThirtySeconds() {
    return AlertHoldOff.Rules.none()
        .withCommon(new AlertHoldOff(Duration.ofMinutes(1), Duration.ofSeconds(30)));
  }

  @Test
  void aConditionFiresOnlyOnceItHasHeldForItsForDuration() {
    AlertBook b = book(oneMinuteThirtySeconds());
    assertThat(b.update(lagging(), at(0))).isEmpty();
    assertThat(b.pending()).extracting(Alert::key).containsExactly("freshness:dwd.orders");
    assertThat(b.update(lagging(), at(30))).isEmpty();
    assertThat(b.update(lagging(), at(59))).isEmpty();
    List<Alert> firing = b.update(lagging(), at(60));
    assertThat(firing).extracting(Alert::key).containsExactly("freshness:dwd.orders");
    assertThat(firing.get(0).since())
        .as("since: when the condition was first seen")
        .isEqualTo(at(0));
    assertThat(b.pending()).isEmpty();
    assertThat(notified).containsExactly("raised freshness:dwd.orders");
  }

  @Test
  void aConditionThatFlapsUnderLoadNeverFires() {
    AlertBook b = book(oneMinuteThirtySeconds());
    for (int s = 0; s < 600; s += 20) {
      b.update((s / 20) % 2 == 0 ? lagging() : List.of(), at(s));
    }
    assertThat(b.active()).isEmpty();
    assertThat(notified).isEmpty();
  }

  @Test
  void aFiringAlertClearsOnlyOnceItsConditionHasBeenFalseForTheClearDelay() {
    AlertBook b = book(oneMinuteThirtySeconds());
    b.update(lagging(), at(0));
    b.update(lagging(), at(60));
    assertThat(b.update(List.of(), at(70))).as("false for 0s").hasSize(1);
    assertThat(b.update(List.of(), at(90))).as("false for 20s").hasSize(1);
    // True again for one poll: the clear delay starts over.
    assertThat(b.update(lagging(), at(95))).hasSize(1);
    assertThat(b.update(List.of(), at(100))).hasSize(1);
    assertThat(b.update(List.of(), at(129))).as("false for 29s").hasSize(1);
    assertThat(b.update(List.of(), at(130))).as("false for 30s").isEmpty();
    assertThat(notified)
        .containsExactly("raised freshness:dwd.orders", "cleared freshness:dwd.orders");
  }

  @Test
  void aJobThatEndedFiresAndClearsAtOnce() {
    AlertBook b = book(oneMinuteThirtySeconds());
    assertThat(b.update(lagging(), at(0), true)).hasSize(1);
    assertThat(b.update(List.of(), at(1), true)).isEmpty();
    assertThat(notified)
        .containsExactly("raised freshness:dwd.orders", "cleared freshness:dwd.orders");
  }

  @Test
  void byDefaultRulesThatAlreadyWaitFireAtOnceAndTheOthersAfterAMinute() {
    AlertHoldOff.Rules d = AlertHoldOff.Rules.defaults();
    assertThat(d.of("freshness"))
        .isEqualTo(new AlertHoldOff(Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThat(d.of("balance"))
        .isEqualTo(new AlertHoldOff(Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThat(d.of("dead-letter-rate"))
        .isEqualTo(new AlertHoldOff(Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThat(d.of("no-input")).isEqualTo(new AlertHoldOff(Duration.ZERO, Duration.ofSeconds(30)));
    assertThat(d.of("checkpoint-failures"))
        .isEqualTo(new AlertHoldOff(Duration.ZERO, Duration.ofSeconds(30)));
    assertThat(d.of("job")).isEqualTo(new AlertHoldOff(Duration.ZERO, Duration.ofSeconds(30)));
    AlertBook b = book(d);
    assertThat(
            b.update(
                List.of(Alert.of("checkpoint-failures", "job", "critical", "1 failed", 1)), at(0)))
        .hasSize(1);
  }

  @Test
  void theMonitorHoldsAStaleTableBackForTheDefaultMinute() {
    LineageSettings s = LineageSettings.defaults().withFreshnessSlo(Duration.ofSeconds(30));
    HealthMonitor m =
        new HealthMonitor(new FlowGraph(TestPipelines.shop()), s, List.of(recorder), "test");
    Map<String, Long> wm =
        Map.of(
            "ods.orders",
            Samples.ms(-10),
            "dwd.orders",
            Samples.ms(-10),
            "dws.customer_minute",
            Samples.ms(-10));
    m.accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), wm));
    HealthReport red = m.accept(Samples.at(25, "RUNNING", TestPipelines.balanced(), wm));
    assertThat(red.tables()).allMatch(t -> t.freshness() == Status.RED);
    assertThat(red.alerts()).as("red on the page at once, alert only after `for`").isEmpty();
    assertThat(m.alerts().pending()).extracting(Alert::rule).contains("freshness");
    assertThat(m.accept(Samples.at(84, "RUNNING", TestPipelines.balanced(), wm)).alerts())
        .isEmpty();
    assertThat(m.accept(Samples.at(85, "RUNNING", TestPipelines.balanced(), wm)).alerts())
        .extracting(Alert::key)
        .contains("freshness:ods.orders", "freshness:dwd.orders", "freshness:dws.customer_minute");
  }

  @Test
  void theLineageAlertsBlockSetsForAndClearAfterForAllRulesAndPerRule() throws Exception {
    Path conf = dir.resolve("p.conf");
    Files.writeString(
        conf,
        "include file(\""
            + Path.of(TestPipelines.class.getResource("flow-pipeline.conf").toURI())
            + "\")\n"
            + "lineage { alerts { for = 2min, clear-after = 45s, balance { for = 10s }, checkpoint-failures { clear-after = 5min } } }\n");
    Problems problems = new Problems();
    PipelineDef def = PipelineLoader.load(conf, problems);
    assertThat(problems.sorted()).filteredOn(p -> p.message().contains("lineage")).isEmpty();
    AlertHoldOff.Rules r = LineageSettings.of(def).alertHoldOffs();
    assertThat(r.of("freshness"))
        .isEqualTo(new AlertHoldOff(Duration.ofMinutes(2), Duration.ofSeconds(45)));
    assertThat(r.of("balance"))
        .isEqualTo(new AlertHoldOff(Duration.ofSeconds(10), Duration.ofSeconds(45)));
    assertThat(r.of("no-input")).isEqualTo(new AlertHoldOff(Duration.ZERO, Duration.ofSeconds(45)));
    assertThat(r.of("checkpoint-failures"))
        .isEqualTo(new AlertHoldOff(Duration.ZERO, Duration.ofMinutes(5)));
  }

  @Test
  void theLatencySloIsDeclaredAndFallsBackToTheFreshnessSlo() throws Exception {
    Path conf = dir.resolve("p.conf");
    Files.writeString(
        conf,
        "include file(\""
            + Path.of(TestPipelines.class.getResource("flow-pipeline.conf").toURI())
            + "\")\n"
            + "lineage { freshness-slo = 2min, latency-slo = 45s, alerts { latency { for = 10s } } }\n");
    Problems problems = new Problems();
    PipelineDef def = PipelineLoader.load(conf, problems);
    assertThat(problems.sorted()).filteredOn(p -> p.message().contains("lineage")).isEmpty();
    LineageSettings s = LineageSettings.of(def);
    assertThat(s.latencySloOf("dws.customer_minute")).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.alertHoldOffs().of("latency"))
        .isEqualTo(new AlertHoldOff(Duration.ofSeconds(10), Duration.ofSeconds(30)));
    assertThat(s.withLatencySlo(null).latencySloOf("dws.customer_minute"))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anUnknownKeyInTheAlertsBlockIsReportedWithItsLine() throws Exception {
    Path conf = dir.resolve("p.conf");
    Files.writeString(
        conf,
        "include file(\""
            + Path.of(TestPipelines.class.getResource("flow-pipeline.conf").toURI())
            + "\")\n"
            + "lineage {\n  alerts {\n    freshness { fro = 2min }\n  }\n}\n");
    Problems problems = new Problems();
    PipelineLoader.load(conf, problems);
    assertThat(problems.sorted())
        .anySatisfy(
            p -> {
              assertThat(p.message())
                  .contains("unknown key 'fro'")
                  .contains("lineage.alerts.freshness");
              assertThat(p.origin().line()).isEqualTo(4);
            });
  }
}
