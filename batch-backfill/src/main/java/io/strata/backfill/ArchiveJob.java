package io.strata.backfill;

import io.strata.cli.Pipelines;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;

/**
 * The archive job: every ODS table with an {@code archive} block, as received (its declared
 * columns, decoded exactly as the real-time job decodes them), into a day-partitioned Parquet Hive
 * table.
 *
 * <p>A job of its own rather than a sink of the streaming job: Hive's jars must stay off the
 * streaming class path, and a separate consumer group ({@code <pipeline>-archive}) lets the archive
 * fall behind, restart or be re-run without touching the real-time job's offsets or savepoints.
 * Files become visible (and partitions are added to the metastore) on each checkpoint, so what is
 * archived is exactly-once. Only the ODS tables are composed: the job never runs DWD/DWS logic.
 */
public final class ArchiveJob {
  private ArchiveJob() {}

  /** The ODS part of the pipeline: the archived tables and nothing downstream. */
  static LayerGraph odsOnly(LayerGraph graph, List<HiveArchive> archives) {
    PipelineDef p = graph.pipeline();
    Map<String, OdsTableDef> ods = new LinkedHashMap<>();
    archives.forEach(a -> ods.put(a.table().name(), a.table()));
    return LayerGraph.of(
        new PipelineDef(
            p.file(),
            p.settings(),
            p.connections(),
            ods,
            Map.of(),
            Map.of(),
            Map.of(),
            p.backfill(),
            p.lineage(),
            Map.of(),
            p.origin()));
  }

  static List<HiveArchive> archives(PipelineDef p) {
    List<HiveArchive> out = new ArrayList<>();
    for (OdsTableDef t : p.ods().values()) {
      if (t.archive() != null) {
        out.add(HiveArchive.of(p, t));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no ODS table of "
              + p.file()
              + " has an archive { connection, table } block: nothing to archive");
    }
    return out;
  }

  /**
   * Composes the archive job on {@code env}.
   *
   * @param bounded read what the topics hold now, then finish (tests, catch-up runs)
   */
  public static void compose(LayerGraph graph, StreamExecutionEnvironment env, boolean bounded) {
    List<HiveArchive> archives = archives(graph.pipeline());
    LayerGraph ods = odsOnly(graph, archives);
    RunOptions options =
        (bounded ? RunOptions.untilEndOfTopics() : RunOptions.continuous())
            .withoutSinks()
            .withConsumerGroupSuffix("-archive");
    JobContext ctx = JobComposer.compose(ods, env, options, Pipelines.discardDeadLetters());
    StreamStatementSet inserts = ctx.tableEnv().createStatementSet();
    for (HiveArchive a : archives) {
      a.ensureTable(ctx.tableEnv());
      TableRef ref = a.table().ref();
      var type = a.archivedRowType();
      DataStream<Row> rows =
          ctx.stream(ref).stream()
              .map(
                  new ArchiveRows.ToArchive(
                      a.ltzColumns(), a.eventTimeIndex(), graph.pipeline().settings().timeZone()))
              .returns(ExternalTypeInfo.of(type))
              .name(ref + "/archive-rows")
              .uid(ref + "/archive-rows");
      String view = "archive__" + ref.table();
      ctx.tableEnv()
          .createTemporaryView(view, rows, Schema.newBuilder().fromRowDataType(type).build());
      inserts.addInsertSql("INSERT INTO " + a.qualifiedName() + " SELECT * FROM `" + view + "`");
    }
    inserts.attachAsDataStream();
  }

  /**
   * Runs the archive job on an embedded Flink; with {@code bounded}, returns once the topics are
   * archived.
   */
  public static JobExecutionResult run(LayerGraph graph, boolean bounded) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    compose(graph, env, bounded);
    return env.execute(graph.pipeline().settings().name() + "-archive");
  }
}
