package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.DeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Debugging with sample data: the newest records of the topics upstream of a table go through the
 * real generated job (real decoders, real dimension lookups, nothing written), and the command
 * prints what came in next to what came out, with every dead letter's reason and the flow counts.
 */
@Command(
    name = "sample",
    description =
        "Run the newest records of the topics upstream of a table through the real job (real dimension lookups, no sinks written) and print input, output, dead letters and flow counts.")
final class SampleCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Parameters(
      index = "1",
      description = "the table to sample, e.g. dwd.trades or dws.symbol_minute")
  String table;

  @Option(
      names = "--last",
      defaultValue = "20",
      description = "newest records of each topic partition (default ${DEFAULT-VALUE})")
  long last;

  @Override
  public Integer call() throws Exception {
    LayerGraph graph = Pipelines.load(file);
    TableRef target;
    try {
      target = TableRef.parse(table);
    } catch (IllegalArgumentException e) {
      System.err.println("strata: " + e.getMessage());
      return 2;
    }
    if (!graph.pipeline().defines(target) || target.layer() == Layer.DIMENSIONS) {
      System.err.println(
          "strata: "
              + target
              + " is not a table of "
              + file
              + " (tables: "
              + String.join(
                  ", ",
                  graph.order().stream()
                      .filter(t -> t.layer() != Layer.DIMENSIONS)
                      .map(TableRef::toString)
                      .toList())
              + ")");
      return 2;
    }
    if (last <= 0) {
      System.err.println("strata: --last must be positive");
      return 2;
    }
    graph = graph.upstreamClosure(List.of(target));
    List<TableRef> sources = graph.order().stream().filter(t -> t.layer() == Layer.ODS).toList();

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    List<CloseableIterator<byte[]>> deadLetters = new ArrayList<>();
    DeadLetterOutput capture =
        (ctx, owner, topic, connection, records) -> deadLetters.add(records.collectAsync());
    RunOptions options =
        RunOptions.sampleOfTopics(last)
            .withConsumerGroupSuffix(".sample-" + UUID.randomUUID().toString().substring(0, 8));
    JobContext ctx = JobComposer.compose(graph, env, options, capture);
    Map<TableRef, CloseableIterator<Row>> outputs = new LinkedHashMap<>();
    Map<TableRef, List<String>> columns = new LinkedHashMap<>();
    List<TableRef> shown = new ArrayList<>(sources);
    if (!shown.contains(target)) {
      shown.add(target);
    }
    for (TableRef t : shown) {
      outputs.put(t, ctx.stream(t).stream().collectAsync());
      columns.put(t, ((RowType) ctx.stream(t).rowType().getLogicalType()).getFieldNames());
    }
    JobExecutionResult result = env.execute("strata-sample:" + target);

    for (TableRef t : shown) {
      List<Row> rows = new ArrayList<>();
      try (CloseableIterator<Row> it = outputs.get(t)) {
        it.forEachRemaining(rows::add);
      }
      String title =
          t.layer() == Layer.ODS
              ? "in: "
                  + t
                  + " (newest "
                  + last
                  + " records of each partition of topic "
                  + graph.pipeline().ods().get(t.table()).source().topic()
                  + ", decoded)"
              : "out: " + t;
      System.out.println("== " + title + ": " + rows.size() + " rows");
      for (Row r : rows) {
        System.out.println("  " + render(columns.get(t), r));
      }
    }
    List<JsonNode> dead = new ArrayList<>();
    for (CloseableIterator<byte[]> it : deadLetters) {
      try (it) {
        while (it.hasNext()) {
          dead.add(JSON.readTree(new String(it.next(), StandardCharsets.UTF_8)));
        }
      }
    }
    System.out.println("== dead letters: " + dead.size());
    for (JsonNode d : dead) {
      String at =
          d.hasNonNull("topic")
              ? " ("
                  + d.path("topic").asText()
                  + "/"
                  + d.path("partition").asText()
                  + "@"
                  + d.path("offset").asText()
                  + ")"
              : "";
      System.out.println(
          "  "
              + d.path("table").asText()
              + " "
              + d.path("kind").asText()
              + at
              + ": "
              + d.path("reason").asText());
    }
    System.out.println("== flow");
    System.out.print(new FlowReport(graph, result.getAllAccumulatorResults()).render().indent(2));
    return 0;
  }

  private static String render(List<String> names, Row row) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(row.getField(i));
    }
    return sb.append('}').toString();
  }
}
