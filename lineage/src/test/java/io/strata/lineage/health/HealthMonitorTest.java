package io.strata.lineage.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.lineage.TestPipelines;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.flow.FlowGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
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

  private HealthMonitor monitor(LineageSettings s) {
    return new HealthMonitor(new FlowGraph(TestPipelines.shop()), s, List.of(recorder), "test");
  }

  private static LineageSettings settings() {
    // The rule conditions themselves, without hold-offs (AlertHoldOffTest covers those).
    return LineageSettings.defaults()
        .withBalanceGrace(Duration.ofSeconds(30))
        .withFreshnessSlo(Duration.ofSeconds(30))
        .withAlertHoldOffs(AlertHoldOff.Rules.none());
  }

  private static HealthReport.EdgeHealth edge(HealthReport r, String id) {
    return r.edges().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  private static HealthReport.TableHealth table(HealthReport r, String name) {
    return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void rowsInFlightWithinTheGraceAreNotALossButRowsMissingLongerAre() {
    HealthMonitor m = monitor(settings());
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("dwd.orders").put("out", 78L); // two rows between the ODS output and the DWD counters
    HealthReport r0 = m.accept(Samples.at(0, "RUNNING", c, Map.of()));
    assertThat(edge(r0, "ods.orders->dwd.orders").balance()).isEqualTo("IN_FLIGHT");
    assertThat(r0.alerts()).isEmpty();

    HealthReport r1 = m.accept(Samples.at(20, "RUNNING", c, Map.of()));
    assertThat(edge(r1, "ods.orders->dwd.orders").balance()).isEqualTo("IN_FLIGHT");

    // 40 s later the same two rows are still not counted: lost.
    HealthReport r2 = m.accept(Samples.at(40, "RUNNING", c, Map.of()));
    HealthReport.EdgeHealth lost = edge(r2, "ods.orders->dwd.orders");
    assertThat(lost.balance()).isEqualTo("MISMATCH");
    assertThat(lost.missing()).isEqualTo(2);
    assertThat(lost.status()).isEqualTo(Status.RED);
    assertThat(table(r2, "dwd.orders").status()).isEqualTo(Status.RED);
    assertThat(r2.alerts()).extracting(Alert::key).contains("balance:ods.orders->dwd.orders");
    assertThat(
            r2.alerts().stream()
                .filter(a -> a.rule().equals("balance"))
                .findFirst()
                .orElseThrow()
                .message())
        .contains("ods.orders -> dwd.orders")
        .contains("2 missing");

    // The rows turn up (e.g. a stalled operator recovered): the alert clears.
    HealthReport r3 = m.accept(Samples.at(50, "RUNNING", TestPipelines.balanced(), Map.of()));
    assertThat(edge(r3, "ods.orders->dwd.orders").balance()).isEqualTo("OK");
    assertThat(r3.alerts()).noneMatch(a -> a.rule().equals("balance"));
    assertThat(notified)
        .contains(
            "raised balance:ods.orders->dwd.orders", "cleared balance:ods.orders->dwd.orders");
  }

  @Test
  void aFinishedJobMustBalanceExactly() {
    HealthMonitor m = monitor(settings());
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("dws.customer_minute").put("windowed", 76L);
    HealthReport r = m.accept(Samples.at(0, "FINISHED", c, Map.of()));
    assertThat(edge(r, "dwd.orders->dws.customer_minute").balance()).isEqualTo("MISMATCH");
    assertThat(edge(r, "dwd.orders->dws.customer_minute").missing()).isEqualTo(1);
    assertThat(edge(r, "kafka:shop.orders->ods.orders").balance()).isEqualTo("OK");
  }

  @Test
  void freshnessIsTheOldestEventTimeAlongThePathAndTurnsRedPastTheSlo() {
    HealthMonitor m = monitor(settings());
    // Event time 10 s behind now everywhere: fresh.
    Map<String, Long> wm =
        Map.of(
            "ods.orders",
            Samples.ms(-10),
            "dwd.orders",
            Samples.ms(-11),
            "dws.customer_minute",
            Samples.ms(-12));
    HealthReport fresh = m.accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), wm));
    assertThat(table(fresh, "dws.customer_minute").lagMillis()).isEqualTo(12_000);
    assertThat(table(fresh, "dws.customer_minute").freshness()).isEqualTo(Status.GREEN);

    // Input stops: watermarks stay where they were while time goes on.
    HealthReport amber = m.accept(Samples.at(8, "RUNNING", TestPipelines.balanced(), wm));
    assertThat(table(amber, "dws.customer_minute").freshness()).isEqualTo(Status.AMBER);
    HealthReport stale = m.accept(Samples.at(25, "RUNNING", TestPipelines.balanced(), wm));
    assertThat(table(stale, "ods.orders").freshness()).isEqualTo(Status.RED);
    assertThat(table(stale, "dws.customer_minute").freshness()).isEqualTo(Status.RED);
    assertThat(table(stale, "dws.customer_minute").watermarkStalledMillis()).isEqualTo(25_000);
    assertThat(stale.alerts())
        .extracting(Alert::key)
        .contains("freshness:ods.orders", "freshness:dwd.orders", "freshness:dws.customer_minute");

    // An upstream table that lags holds its downstream back, whatever the downstream reports.
    Map<String, Long> odsBehind =
        Map.of(
            "ods.orders",
            Samples.ms(-100),
            "dwd.orders",
            Samples.ms(30),
            "dws.customer_minute",
            Samples.ms(30));
    HealthReport held = m.accept(Samples.at(31, "RUNNING", TestPipelines.balanced(), odsBehind));
    assertThat(table(held, "dwd.orders").lagMillis()).isEqualTo(131_000);
  }

  private static HealthReport.SinkHealth sink(HealthReport r, String id) {
    return r.sinks().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Map<String, Map<String, Long>> withLatency(long maxMs, long meanMs) {
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("dws.customer_minute").put("sink0_written", 12L);
    c.get("dws.customer_minute").put("sink0_latency_max_ms", maxMs);
    c.get("dws.customer_minute").put("sink0_latency_mean_ms", meanMs);
    return c;
  }

  @Test
  void aSinksEndToEndLatencyIsShownPerSinkAndAlertsPastTheTablesFreshnessSlo() {
    HealthMonitor m = monitor(settings()); // freshness SLO 30 s, no latency-slo: the same
    HealthReport r0 = m.accept(Samples.at(0, "RUNNING", withLatency(4_000, 2_500), Map.of()));
    HealthReport.SinkHealth s0 = sink(r0, "dws.customer_minute/sink0");
    assertThat(s0.latencyMaxMillis()).isEqualTo(4_000);
    assertThat(s0.latencyMeanMillis()).isEqualTo(2_500);
    assertThat(s0.latencySloMillis()).isEqualTo(30_000);
    assertThat(s0.latency()).isEqualTo(Status.GREEN);
    // A sink that reports no latency (here the Kafka sink of dwd.orders) has none, and is grey.
    assertThat(sink(r0, "dwd.orders/sink0").latencyMaxMillis()).isNull();
    assertThat(sink(r0, "dwd.orders/sink0").latency()).isEqualTo(Status.GREY);

    HealthReport r1 = m.accept(Samples.at(2, "RUNNING", withLatency(20_000, 9_000), Map.of()));
    assertThat(sink(r1, "dws.customer_minute/sink0").latency()).isEqualTo(Status.AMBER);
    assertThat(r1.alerts()).isEmpty();

    HealthReport r2 = m.accept(Samples.at(4, "RUNNING", withLatency(45_000, 12_000), Map.of()));
    assertThat(sink(r2, "dws.customer_minute/sink0").latency()).isEqualTo(Status.RED);
    Alert late =
        r2.alerts().stream().filter(a -> a.rule().equals("latency")).findFirst().orElseThrow();
    assertThat(late.subject()).isEqualTo("dws.customer_minute/sink0");
    assertThat(late.message())
        .contains("up to 45.0s after their window end")
        .contains("mean 12.0s")
        .contains("SLO 30.0s");
    assertThat(notified).contains("raised latency:dws.customer_minute/sink0");

    HealthReport r3 = m.accept(Samples.at(6, "RUNNING", withLatency(3_000, 1_000), Map.of()));
    assertThat(r3.alerts()).isEmpty();
    assertThat(notified).contains("cleared latency:dws.customer_minute/sink0");
  }

  @Test
  void theLatencySloOverridesTheFreshnessSloAndNoBatchYetIsUnknown() {
    HealthMonitor m = monitor(settings().withLatencySlo(Duration.ofSeconds(5)));
    HealthReport none = m.accept(Samples.at(0, "RUNNING", withLatency(-1, -1), Map.of()));
    assertThat(sink(none, "dws.customer_minute/sink0").latencyMaxMillis()).isNull();
    assertThat(sink(none, "dws.customer_minute/sink0").latency()).isEqualTo(Status.GREY);

    HealthReport r = m.accept(Samples.at(2, "RUNNING", withLatency(6_000, 4_000), Map.of()));
    assertThat(sink(r, "dws.customer_minute/sink0").latencySloMillis()).isEqualTo(5_000);
    assertThat(r.alerts()).extracting(Alert::key).contains("latency:dws.customer_minute/sink0");
  }

  @Test
  void withoutWatermarksFreshnessIsUnknownNotGreen() {
    HealthReport r =
        monitor(settings()).accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), Map.of()));
    assertThat(table(r, "dwd.orders").freshness()).isEqualTo(Status.GREY);
    assertThat(table(r, "dwd.orders").notes()).anyMatch(n -> n.contains("no watermarks"));
  }

  @Test
  void withoutWatermarksTheNewestEventTimeCounterGivesFreshness() {
    Map<String, Map<String, Long>> c = TestPipelines.balanced();
    c.get("ods.orders").put("max_event_time", Samples.ms(-3));
    c.get("dwd.orders").put("max_event_time", Samples.ms(-4));
    HealthReport r = monitor(settings()).accept(Samples.at(0, "RUNNING", c, Map.of()));
    assertThat(table(r, "dwd.orders").lagMillis()).isEqualTo(4_000);
    assertThat(table(r, "dwd.orders").freshness()).isEqualTo(Status.GREEN);
    assertThat(table(r, "dws.customer_minute").freshness()).isEqualTo(Status.GREY);
  }

  @Test
  void anOdsTableThatReadsNothingForTooLongRaisesNoInput() {
    HealthMonitor m = monitor(settings().withNoInputFor(Duration.ofMinutes(2)));
    m.accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), Map.of()));
    assertThat(m.accept(Samples.at(60, "RUNNING", TestPipelines.balanced(), Map.of())).alerts())
        .isEmpty();
    HealthReport idle = m.accept(Samples.at(121, "RUNNING", TestPipelines.balanced(), Map.of()));
    assertThat(idle.alerts()).extracting(Alert::key).containsExactly("no-input:ods.orders");
    Map<String, Map<String, Long>> more = TestPipelines.balanced();
    more.get("ods.orders").put("read", 101L);
    more.get("ods.orders").put("out", 96L);
    more.get("dwd.orders").put("out", 81L);
    more.get("dws.customer_minute").put("windowed", 78L);
    assertThat(m.accept(Samples.at(125, "RUNNING", more, Map.of())).alerts()).isEmpty();
  }

  @Test
  void aHighDeadLetterRateRaisesAnAlert() {
    HealthMonitor m = monitor(settings().withDeadLetterRate(0.02));
    HealthReport r = m.accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), Map.of()));
    assertThat(r.alerts()).extracting(Alert::key).containsExactly("dead-letter-rate:ods.orders");
    assertThat(r.alerts().get(0).message()).contains("5.0%").contains("5 of 100");
    assertThat(
            monitor(settings().withDeadLetterRate(0.10))
                .accept(Samples.at(0, "RUNNING", TestPipelines.balanced(), Map.of()))
                .alerts())
        .isEmpty();
  }

  @Test
  void checkpointFailuresRaiseAnAlertThatClearsWhenACheckpointCompletes() {
    HealthMonitor m = monitor(settings());
    FlowSample ok =
        Samples.withCheckpoints(
            Samples.at(0, "RUNNING", TestPipelines.balanced(), Map.of()),
            new FlowSample.CheckpointStats(3, 0, 0, Samples.ms(-1), 0, null, 120));
    assertThat(m.accept(ok).checkpoints().status()).isEqualTo(Status.GREEN);
    FlowSample failing =
        Samples.withCheckpoints(
            Samples.at(10, "RUNNING", TestPipelines.balanced(), Map.of()),
            new FlowSample.CheckpointStats(
                3,
                1,
                0,
                Samples.ms(-1),
                Samples.ms(9),
                "Checkpoint expired before completing.",
                120));
    HealthReport bad = m.accept(failing);
    assertThat(bad.checkpoints().status()).isEqualTo(Status.RED);
    assertThat(bad.alerts()).extracting(Alert::key).containsExactly("checkpoint-failures:job");
    assertThat(bad.alerts().get(0).message()).contains("expired");
    FlowSample recovered =
        Samples.withCheckpoints(
            Samples.at(20, "RUNNING", TestPipelines.balanced(), Map.of()),
            new FlowSample.CheckpointStats(
                4,
                1,
                0,
                Samples.ms(19),
                Samples.ms(9),
                "Checkpoint expired before completing.",
                130));
    assertThat(m.accept(recovered).alerts()).isEmpty();
    assertThat(notified)
        .containsExactly("raised checkpoint-failures:job", "cleared checkpoint-failures:job");
  }

  @Test
  void ratesComeFromTheCountsSeenOverTheLastSeconds() {
    HealthMonitor m = monitor(settings());
    m.accept(
        Samples.at(
            0, "RUNNING", TestPipelines.counts("ods.orders", "read", 0, "out", 0), Map.of()));
    HealthReport r =
        m.accept(
            Samples.at(
                10,
                "RUNNING",
                TestPipelines.counts("ods.orders", "read", 500, "out", 500),
                Map.of()));
    assertThat(table(r, "ods.orders").inPerSecond()).isEqualTo(50.0);
    assertThat(edge(r, "kafka:shop.orders->ods.orders").perSecond()).isEqualTo(50.0);
  }
}
