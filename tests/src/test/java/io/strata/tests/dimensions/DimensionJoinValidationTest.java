package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.cli.Pipelines;
import io.strata.layers.config.Problems;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Join configs are checked before anything runs (no store is contacted): names, keys, SQL. */
@Timeout(120)
class DimensionJoinValidationTest {
  @TempDir Path dir;

  /** The reference trading pipeline with the two joins the demo uses. */
  private Path tradingWithJoins(String join, String columns) throws Exception {
    Path reference =
        Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();
    Path config = dir.resolve("pipeline.conf");
    Files.writeString(
        config,
        "include file(\""
            + reference
            + "\")\n"
            + "tests = {}\n"
            + "dwd.trades.join = "
            + join
            + "\n"
            + "dwd.trades.columns { "
            + columns
            + " }\n");
    return config;
  }

  private static final String JOINS =
      "[ { dimension = instruments, on = symbol, missing = dead-letter }, { dimension = accounts, on = account_id } ]";

  @Test
  void theTradingPipelineWithJoinsValidatesAndExplainsItsLookups() throws Exception {
    LayerGraph graph =
        Pipelines.load(
            tradingWithJoins(
                JOINS,
                "exchange = instruments.exchange, desk = accounts.desk, lots = \"quantity / instruments.lot_size\""));
    JobContext ctx =
        JobComposer.compose(
            graph,
            StreamExecutionEnvironment.getExecutionEnvironment(),
            RunOptions.givenRecords(Map.of()),
            Pipelines.discardDeadLetters());
    String explained =
        ctx.generated().stream()
            .map(g -> g.title() + "\n" + g.sql())
            .collect(Collectors.joining("\n"));
    assertThat(explained)
        .contains(
            "'connector' = 'hbase-2.2'",
            "'connector' = 'jdbc'",
            "FOR SYSTEM_TIME AS OF",
            "LOOKUP('table'='__strata_dim0'",
            "instruments: missing = dead-letter");
  }

  @Test
  void anUnknownDimensionColumnIsReportedWithItsLine() throws Exception {
    Path config = tradingWithJoins(JOINS, "exchange = instruments.exchnage");
    assertThatThrownBy(() -> Pipelines.load(config))
        .isInstanceOf(Problems.ConfigInvalidException.class)
        .hasMessageContaining("exchnage");
  }

  @Test
  void anOnExpressionThatIsNotValidSqlIsReported() throws Exception {
    Path config =
        tradingWithJoins(
            "[ { dimension = instruments, on = \"symbl\" } ]", "exchange = instruments.exchange");
    assertThatThrownBy(() -> Pipelines.load(config))
        .isInstanceOf(Problems.ConfigInvalidException.class)
        .hasMessageContaining("join[0].on")
        .hasMessageContaining("symbl");
  }

  @Test
  void joiningADimensionTwiceIsRefused() throws Exception {
    Path config =
        tradingWithJoins(
            "[ { dimension = accounts, on = account_id }, { dimension = accounts, on = account_id } ]",
            "desk = accounts.desk");
    assertThatThrownBy(() -> Pipelines.load(config))
        .isInstanceOf(Problems.ConfigInvalidException.class)
        .hasMessageContaining("joins dimension accounts twice");
  }
}
