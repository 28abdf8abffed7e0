package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.TestCaseDef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** One definition, two modes: the same generated job in Flink's batch mode counts late trades. */
class BatchModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void batchModeIncludesTradesThatStreamingFoundLate() throws Exception {
    LayerGraph graph = Pipelines.load(Path.of("..", "configs", "trading", "pipeline.conf"));
    TestCaseDef test = graph.pipeline().tests().get("minute_measures_per_symbol");
    TableRef trades = new TableRef(Layer.ODS, "trades");
    List<byte[]> records = new ArrayList<>();
    for (Map<String, Object> row : test.given().get(trades)) {
      records.add(JSON.writeValueAsBytes(row));
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobContext ctx =
        JobComposer.compose(
            graph,
            env,
            RunOptions.givenRecords(Map.of(trades, records)).inBatchMode(),
            Pipelines.discardDeadLetters());
    TableRef symbolMinute = new TableRef(Layer.DWS, "symbol_minute");
    CloseableIterator<Row> out = ctx.stream(symbolMinute).stream().collectAsync();
    FlowReport flow =
        new FlowReport(graph, env.execute("batch-mode-test").getAllAccumulatorResults());
    assertThat(flow.count(new TableRef(Layer.DWS, "symbol_minute"), "late")).isZero();
    List<Row> rows = new ArrayList<>();
    out.forEachRemaining(rows::add);
    out.close();
    // Streaming: AAPL 09:30 has t1 and t2 (t8 arrives after the window closed and is late).
    // Batch: all input is known, nothing is late, so t8 (7 @ 100.00) is in the window.
    Row aapl0930 =
        rows.stream()
            .filter(r -> "AAPL".equals(r.getField(2)) && r.getField(0).toString().contains("09:30"))
            .findFirst()
            .orElseThrow();
    assertThat(aapl0930.getField(3)).isEqualTo(3L);
    assertThat(aapl0930.getField(4)).isEqualTo(47L);
    assertThat((BigDecimal) aapl0930.getField(8)).isEqualByComparingTo("100.00");
    assertThat(rows).hasSize(4);
  }
}
