package io.strata.lineage.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names as a Flink 1.20 REST API shows them for the generated trading job. */
class OperatorNamesTest {

  @Test
  void findsTheTablesOfAChainedVertex() {
    String vertex =
        "Source: ods.trades/source -> ods.trades/split-dead-letters -> (ods.trades/dead-letters:trading.trades.dlq: Writer -> "
            + "ods.trades/dead-letters:trading.trades.dlq: Committer, ods__trades[68] -> Calc[69] -> ConstraintEnforcer[70] -> TableToDataSteam -> dwd.trades/filter)";
    assertThat(OperatorNames.tablesInVertex(vertex)).containsExactly("ods.trades", "dwd.trades");
    assertThat(OperatorNames.isSourceVertex(vertex)).isTrue();
    assertThat(
            OperatorNames.tablesInVertex(
                "GlobalWindowAggregate[132] -> Calc[133] -> TableToDataSteam -> dws.symbol_minute/out -> dws__symbol_minute[141]"))
        .containsExactly("dws.symbol_minute");
  }

  @Test
  void readsCounterMetricIdsWhoseDotsFlinkTurnedIntoUnderscores() {
    assertThat(
            OperatorNames.counterMetric(
                "ods_trades/split-dead-letters.strata_table.ods_trades.dead_lettered"))
        .containsExactly("ods.trades", "dead_lettered");
    assertThat(
            OperatorNames.counterMetric(
                "dws_symbol_minute/late-filter.strata_table.dws_symbol_minute.windowed"))
        .containsExactly("dws.symbol_minute", "windowed");
    assertThat(
            OperatorNames.counterMetric(
                "sink__dwd__trades__0[136]__Writer.strata_table.dwd_trades.sink0_written"))
        .containsExactly("dwd.trades", "sink0_written");
    assertThat(OperatorNames.counterMetric("dwd_trades/filter.numRecordsIn")).isNull();
  }

  @Test
  void readsOperatorMetricIdsOfStrataOperatorsOnly() {
    assertThat(OperatorNames.operatorMetric("dwd_trades/filter.currentInputWatermark"))
        .containsExactly("dwd.trades", "currentInputWatermark");
    assertThat(OperatorNames.operatorMetric("Source__ods_trades/source.numRecordsOutPerSecond"))
        .containsExactly("ods.trades", "numRecordsOutPerSecond");
    assertThat(OperatorNames.operatorMetric("Calc[69].currentInputWatermark")).isNull();
    assertThat(OperatorNames.operatorMetric("busyTimeMsPerSecond")).isNull();
  }
}
