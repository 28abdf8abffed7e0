package io.strata.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.benchmarks.LineageBenchmark.Series;
import io.strata.benchmarks.MetricSeriesReporter.Kind;
import io.strata.cli.Pipelines;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lineage benchmark's series count at a tiny size: not timed, no Kafka (the job is given its
 * trades).
 */
class LineageBenchmarkTest {

  private static Series count(int parallelism, boolean lineage) throws Exception {
    LayerGraph graph =
        Pipelines.load(LineageBenchmark.config("127.0.0.1:9", "unused", parallelism));
    RunOptions options =
        RunOptions.givenRecords(
                Map.of(LineageBenchmark.ODS_TRADES, LineageBenchmark.givenTrades(300, 7)))
            .withLineage(lineage);
    return LineageBenchmark.countSeries(
        graph, options, parallelism, null, LineageBenchmark.ODS_TRADES, 0);
  }

  @Test
  void strataSeriesGrowLinearlyWithParallelism() throws Exception {
    Series one = count(1, true);
    Series two = count(2, true);
    assertThat(one.count(Kind.STRATA)).isPositive();
    assertThat(two.count(Kind.STRATA)).isEqualTo(2 * one.count(Kind.STRATA));
    assertThat(two.count(Kind.OPERATOR)).isGreaterThan(one.count(Kind.OPERATOR));
    assertThat(LineageBenchmark.linearLaw(List.of(one, two)))
        .startsWith("linear: Strata series = " + one.count(Kind.STRATA) + " x parallelism");
    assertThat(LineageBenchmark.render(List.of(one, two), false)).contains("strata/p");
  }

  @Test
  void lineageOffRegistersNoStrataSeries() throws Exception {
    Series off = count(2, false);
    assertThat(off.count(Kind.STRATA)).isZero();
    assertThat(off.count(Kind.OPERATOR)).isPositive();
  }

  @Test
  void linearLawRejectsSquareGrowth() {
    Series one = new Series(1, Map.of(Kind.STRATA, 12L));
    Series four = new Series(4, Map.of(Kind.STRATA, 12L * 16));
    assertThat(LineageBenchmark.linearLaw(List.of(one, four))).startsWith("NOT linear");
  }

  @Test
  void latencyLawSeparatesChainedFromShuffledOperators() {
    List<Series> measured =
        List.of(1, 2, 4, 8).stream()
            .map(p -> new Series(p, Map.of(Kind.LATENCY, 7L * p + 29L * p * p)))
            .toList();
    assertThat(LineageBenchmark.latencyLaw(measured))
        .startsWith("latency: 7 x p + 29 x p² at every parallelism measured");
  }

  @Test
  void parsesTheLineageCommand() {
    LineageBenchmark.Args a =
        LineageBenchmark.parse(
            new String[] {
              "--bootstrap", "h:1", "--trades", "1,000", "--parallelism", "1,2", "--only", "series"
            });
    assertThat(a.trades()).isEqualTo(1000);
    assertThat(a.parallelisms()).containsExactly(1, 2);
    assertThat(a.only()).isEqualTo("series");
  }
}
