package io.strata.backfill;

import io.strata.cli.Pipelines;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.OdsRowSource;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * The recompute: the pipeline's own DWD and DWS definitions, composed by the same {@link
 * JobComposer} as the streaming job but in Flink's batch mode, over one day's archive partitions.
 * Nothing is late in batch mode, so late events count; the result is what the real-time tables
 * would hold had every event arrived in time.
 */
public final class Recompute {
  private Recompute() {}

  /** One recomputed table: its columns (as the streaming job types them), key and rows. */
  public record Result(
      TableRef table,
      List<String> columns,
      List<LogicalType> types,
      List<String> key,
      List<Row> rows) {}

  /** Recomputes {@code targets} for {@code day} from the archive; returns their rows. */
  public static Map<TableRef, Result> run(LayerGraph full, LocalDate day, List<TableRef> targets)
      throws Exception {
    // The targets and everything upstream of them, nothing else (other ODS tables would read
    // Kafka).
    LayerGraph graph = full.upstreamClosure(targets);
    BackfillChecks.requireSupported(full, graph, day, targets);
    Map<TableRef, OdsRowSource> sources = new LinkedHashMap<>();
    for (TableRef t : graph.order()) {
      if (t.layer() == Layer.ODS) {
        HiveArchive archive =
            HiveArchive.of(graph.pipeline(), graph.pipeline().ods().get(t.table()));
        archive.requirePartition(day.toString());
        sources.put(t, new ArchiveRowSource(archive, day.toString()));
      }
    }
    DimensionsAsOf.prepare(graph.pipeline(), day)
        .forEach(line -> System.out.println("backfill: " + line));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    RunOptions options =
        RunOptions.untilEndOfTopics()
            .withoutSinks()
            .withOdsSources(sources)
            .inBatchMode()
            .withDimensionsAsOf(day);
    JobContext ctx = JobComposer.compose(graph, env, options, Pipelines.discardDeadLetters());
    Map<TableRef, CloseableIterator<Row>> outputs = new LinkedHashMap<>();
    Map<TableRef, Result> results = new LinkedHashMap<>();
    for (TableRef t : targets) {
      var ts = ctx.stream(t);
      RowType type = (RowType) ts.rowType().getLogicalType();
      results.put(
          t,
          new Result(
              t,
              type.getFieldNames(),
              type.getChildren(),
              JobComposer.keyColumns(ctx, t),
              new ArrayList<>()));
      outputs.put(t, ts.stream().collectAsync());
    }
    env.execute(graph.pipeline().settings().name() + "-backfill-" + day);
    for (var e : outputs.entrySet()) {
      try (CloseableIterator<Row> it = e.getValue()) {
        it.forEachRemaining(r -> results.get(e.getKey()).rows().add(Row.copy(r)));
      }
    }
    return results;
  }
}
