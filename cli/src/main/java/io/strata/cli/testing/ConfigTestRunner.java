package io.strata.cli.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.cli.FlowReport;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.TestCaseDef;
import io.strata.layers.generate.DeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a pipeline's config-level tests: each test's given rows go through the real generated job
 * (same translators, same Flink SQL) on the embedded engine; the rows of every table named in
 * {@code expect} are collected and compared, in any order.
 */
public final class ConfigTestRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigTestRunner() {}

  /** The outcome of one test. */
  public record Result(String name, boolean passed, String diff, FlowReport flow) {}

  /** Outcomes of every test of a pipeline. */
  public record Summary(List<Result> results) {
    public boolean passed() {
      return results.stream().allMatch(Result::passed);
    }

    public String render() {
      StringBuilder sb = new StringBuilder();
      for (Result r : results) {
        sb.append(r.passed() ? "PASS " : "FAIL ").append(r.name()).append('\n');
        if (!r.passed()) {
          sb.append(r.diff().indent(2));
        }
      }
      long failed = results.stream().filter(r -> !r.passed()).count();
      sb.append(results.size()).append(" tests, ").append(failed).append(" failed\n");
      return sb.toString();
    }
  }

  public static Summary run(LayerGraph graph) throws Exception {
    List<Result> results = new ArrayList<>();
    for (TestCaseDef test : graph.pipeline().tests().values()) {
      results.add(run(graph, test));
    }
    return new Summary(results);
  }

  public static Result run(LayerGraph graph, TestCaseDef test) throws Exception {
    Map<TableRef, List<byte[]>> given = new LinkedHashMap<>();
    Map<String, List<Map<String, String>>> dimensionRows = new LinkedHashMap<>();
    for (Map.Entry<TableRef, List<Map<String, Object>>> e : test.given().entrySet()) {
      if (e.getKey().layer() == Layer.DIMENSIONS) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> row : e.getValue()) {
          Map<String, String> text = new LinkedHashMap<>();
          row.forEach((k, v) -> text.put(k, v == null ? null : v.toString()));
          rows.add(text);
        }
        dimensionRows.put(e.getKey().table(), rows);
        continue;
      }
      List<byte[]> records = new ArrayList<>();
      for (Map<String, Object> row : e.getValue()) {
        records.add(JSON.writeValueAsBytes(row));
      }
      given.put(e.getKey(), records);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    DeadLetterOutput discard = io.strata.cli.Pipelines.discardDeadLetters();
    JobContext ctx =
        JobComposer.compose(
            graph,
            env,
            RunOptions.givenRecords(given).withGivenDimensionRows(dimensionRows),
            discard);
    Map<TableRef, CloseableIterator<Row>> collected = new LinkedHashMap<>();
    Map<TableRef, List<String>> columns = new LinkedHashMap<>();
    for (TableRef ref : test.expect().keySet()) {
      collected.put(ref, ctx.stream(ref).stream().collectAsync());
      columns.put(
          ref,
          ((org.apache.flink.table.types.logical.RowType)
                  ctx.stream(ref).rowType().getLogicalType())
              .getFieldNames());
    }
    JobExecutionResult result = env.execute("strata-test:" + test.name());
    StringBuilder diff = new StringBuilder();
    for (Map.Entry<TableRef, List<Map<String, Object>>> e : test.expect().entrySet()) {
      List<Row> actual = new ArrayList<>();
      try (CloseableIterator<Row> it = collected.get(e.getKey())) {
        it.forEachRemaining(actual::add);
      }
      String d =
          RowMatcher.diff(
              e.getKey(),
              columns.get(e.getKey()),
              e.getValue(),
              actual,
              graph.pipeline().settings().timeZone());
      if (d != null) {
        diff.append(d);
      }
    }
    return new Result(
        test.name(),
        diff.length() == 0,
        diff.toString(),
        new FlowReport(graph, result.getAllAccumulatorResults()));
  }
}
