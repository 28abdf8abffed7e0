package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.cli.Pipelines;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills that would be wrong are refused before anything runs: the metastore and the stores
 * named here do not exist (port 1), so a check that came too late would fail differently.
 */
@Timeout(60)
class BackfillChecksTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-23");

  @TempDir Path dir;

  private Path pipeline(String extra) throws Exception {
    Path reference = BackfillServices.repoRoot().resolve("configs/trading/pipeline.conf");
    String text =
        "include file(\""
            + reference
            + "\")\n"
            + "connections.clickhouse { type = clickhouse, url = \"http://127.0.0.1:1\", database = checks }\n"
            + "connections.archive { type = hive, metastore-uris = \"thrift://127.0.0.1:1\", warehouse = \"file:///nonexistent\" }\n"
            + "ods.trades.archive { connection = archive, table = \"checks.trades\", partition = dt }\n"
            + "dws.symbol_minute.sinks = [ { type = clickhouse, connection = clickhouse } ]\n"
            + "tests = null\n"
            + extra;
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void refusesClickHouseTargetsOfANonUtcPipelineBeforeAnythingRuns() throws Exception {
    var graph = Pipelines.load(pipeline("pipeline.time-zone = \"Europe/Paris\"\n"));
    assertThatThrownBy(
            () -> Backfill.run(new Backfill.Request(graph, DAY, List.of(), true, false, null)))
        .isInstanceOf(Problems.ConfigInvalidException.class)
        .hasMessageContaining(
            "cannot backfill into ClickHouse with pipeline.time-zone = \"Europe/Paris\"")
        .hasMessageContaining("ClickHouse partitions are UTC days")
        .hasMessageContaining("dws.symbol_minute (clickhouse sink at ")
        .hasMessageContaining("1 problem")
        .hasMessageMatching("(?s).*pipeline\\.conf: ?7\\b.*: cannot backfill.*");
  }

  @Test
  void refusesAZoneThatIsUtcOnlyInWinter() throws Exception {
    // Europe/London is UTC+0 on 2026-11-23, but the nightly schedule would break in summer: refused
    // all year.
    var graph = Pipelines.load(pipeline("pipeline.time-zone = \"Europe/London\"\n"));
    assertThatThrownBy(
            () -> Recompute.run(graph, DAY, List.of(TableRef.parse("dws.symbol_minute"))))
        .isInstanceOf(Problems.ConfigInvalidException.class)
        .hasMessageContaining("pipeline.time-zone = \"Europe/London\"");
  }

  @Test
  void acceptsUtcSpelledAnyWay() {
    for (String zone : List.of("UTC", "Etc/UTC", "GMT", "Z", "+00:00", "UTC+0")) {
      assertThat(BackfillChecks.isUtc(zone)).as(zone).isTrue();
    }
    for (String zone :
        List.of("Europe/London", "Asia/Shanghai", "+08:00", "America/New_York", "not-a-zone")) {
      assertThat(BackfillChecks.isUtc(zone)).as(zone).isFalse();
    }
  }

  @Test
  void aNonUtcPipelineWithoutClickHouseTargetsPassesTheCheck() throws Exception {
    var graph =
        Pipelines.load(
            pipeline("pipeline.time-zone = \"Asia/Shanghai\"\ndws.symbol_minute.sinks = []\n"));
    var targets = List.of(TableRef.parse("dws.symbol_minute"));
    assertThatCode(
            () ->
                BackfillChecks.requireSupported(
                    graph, graph.upstreamClosure(targets), DAY, targets))
        .doesNotThrowAnyException();
  }

  @Test
  void aVersionedHBaseDimensionIsReadAsOfTheDay() throws Exception {
    var graph =
        Pipelines.load(
            pipeline(
                """
        connections.hbase.zookeeper-quorum = "127.0.0.1:1"
        dimensions.instruments.store.valid-from = valid_from
        dimensions.instruments.columns.valid_from = DATE
        dwd.trades.join = [ { dimension = instruments, on = symbol, missing = keep } ]
        dwd.trades.columns.exchange = instruments.exchange
        """));
    var targets = List.of(TableRef.parse("dws.symbol_minute"));
    assertThatCode(
            () ->
                BackfillChecks.requireSupported(
                    graph, graph.upstreamClosure(targets), DAY, targets))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnversionedHBaseDimensionIsNotRefused() throws Exception {
    var graph =
        Pipelines.load(
            pipeline(
                """
        dwd.trades.join = [ { dimension = instruments, on = symbol, missing = keep } ]
        dwd.trades.columns.exchange = instruments.exchange
        """));
    var targets = List.of(TableRef.parse("dws.symbol_minute"));
    var closure = graph.upstreamClosure(targets);
    assertThat(closure.pipeline().dimensions()).containsOnlyKeys("instruments");
    assertThatCode(() -> BackfillChecks.requireSupported(graph, closure, DAY, targets))
        .doesNotThrowAnyException();
  }
}
