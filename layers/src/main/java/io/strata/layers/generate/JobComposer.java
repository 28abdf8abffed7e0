package io.strata.layers.generate;

import io.strata.layers.config.Problems;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.ConnectorPlugins;
import io.strata.layers.plugin.SinkTranslator;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * Wires a layer graph into one Flink job: each table through its layer's translator, in graph
 * order, then the sinks. Where the job runs (embedded or a cluster) is not decided here.
 */
public final class JobComposer {
  private JobComposer() {}

  public static JobContext compose(
      LayerGraph graph,
      StreamExecutionEnvironment env,
      RunOptions options,
      DeadLetterOutput deadLetters) {
    Problems problems = new Problems();
    JobContext ctx = compose(graph, env, options, deadLetters, problems);
    problems.throwIfAny();
    return ctx;
  }

  /** Composes, reporting SQL problems instead of throwing (used by validation). */
  public static JobContext compose(
      LayerGraph graph,
      StreamExecutionEnvironment env,
      RunOptions options,
      DeadLetterOutput deadLetters,
      Problems problems) {
    return FlowCounter.composing(
        options.lineage(), () -> composeCounted(graph, env, options, deadLetters, problems));
  }

  private static JobContext composeCounted(
      LayerGraph graph,
      StreamExecutionEnvironment env,
      RunOptions options,
      DeadLetterOutput deadLetters,
      Problems problems) {
    PipelineSettings settings = graph.pipeline().settings();
    env.setParallelism(settings.parallelism());
    env.getConfig().enableObjectReuse();
    if (options.batch()) {
      env.setRuntimeMode(org.apache.flink.api.common.RuntimeExecutionMode.BATCH);
    }
    if (options.checkpointing() && !options.batch()) {
      env.enableCheckpointing(
          settings.checkpointInterval().toMillis(),
          "at-least-once".equals(settings.checkpointMode())
              ? CheckpointingMode.AT_LEAST_ONCE
              : CheckpointingMode.EXACTLY_ONCE);
    }
    // The table environment takes its runtime mode (streaming or batch) from the environment.
    StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
    tEnv.getConfig().setLocalTimeZone(ZoneId.of(settings.timeZone()));
    tEnv.getConfig().set("pipeline.name", settings.name());

    JobContext ctx = new JobContext(graph, env, tEnv, options, deadLetters, problems);
    Map<Layer, LayerTranslator> translators = new EnumMap<>(Layer.class);
    for (LayerTranslator t : ServiceLoader.load(LayerTranslator.class)) {
      translators.put(t.layer(), t);
    }
    // With problems already found in the definitions, tables are still translated so that SQL
    // mistakes elsewhere are reported in the same run; failures caused by the known problems are
    // not reported twice.
    boolean definitionProblems = !problems.isEmpty();
    for (TableRef ref : graph.order()) {
      LayerTranslator translator = translators.get(ref.layer());
      if (translator == null) {
        throw new IllegalStateException(
            "no translator for layer " + ref.layer().key() + " on the class path");
      }
      boolean inputsReady = graph.upstreamOf(ref).stream().allMatch(u -> ctx.stream(u) != null);
      if (!inputsReady) {
        continue;
      }
      try {
        translator.translate(ref, ctx);
      } catch (RuntimeException | StackOverflowError e) {
        if (!definitionProblems) {
          problems.add(
              originOf(graph, ref),
              ref + ": " + SqlErrors.describe(e),
              "Flink could not plan this table; check its expressions");
        }
      }
    }
    if (options.writeSinks() && problems.isEmpty()) {
      addSinks(ctx);
    }
    if (problems.isEmpty()) {
      StateFingerprints.apply(env, graph.pipeline());
    }
    return ctx;
  }

  private static void addSinks(JobContext ctx) {
    for (TableRef ref : ctx.graph().order()) {
      TableStream ts = ctx.stream(ref);
      for (SinkDef sink : sinksOf(ctx, ref)) {
        addSink(ctx, ts, sink);
      }
    }
  }

  /** The sink context of one sink of a translated table. */
  public static SinkTranslator.SinkContext sinkContext(
      JobContext ctx, TableStream ts, SinkDef sink) {
    ConnectionDef connection =
        sink.connection() == null ? null : ctx.pipeline().connections().get(sink.connection());
    String sinkTable =
        "sink__" + ts.ref().layer().key() + "__" + ts.ref().table() + "__" + sink.index();
    RowType rowType = (RowType) ts.rowType().getLogicalType();
    List<SinkTranslator.Column> columns = new ArrayList<>();
    for (RowType.RowField f : rowType.getFields()) {
      LogicalType t = f.getType();
      columns.add(new SinkTranslator.Column(f.getName(), t.asSerializableString()));
    }
    return new SinkTranslator.SinkContext(
        ts.ref(),
        columns,
        keyColumns(ctx, ts.ref()),
        sink,
        connection,
        ctx.pipeline().settings(),
        sinkTable);
  }

  /** Lets every sink prepare its target (create or check tables); call before the job starts. */
  public static void prepareSinks(JobContext ctx) throws Exception {
    for (TableRef ref : ctx.graph().order()) {
      for (SinkDef sink : sinksOf(ctx, ref)) {
        ConnectorPlugins.get(sink.type())
            .sinkTranslator()
            .prepare(sinkContext(ctx, ctx.stream(ref), sink));
      }
    }
  }

  private static List<SinkDef> sinksOf(JobContext ctx, TableRef ref) {
    return switch (ref.layer()) {
      case DWD -> ctx.pipeline().dwd().get(ref.table()).sinks();
      case DWS -> ctx.pipeline().dws().get(ref.table()).sinks();
      default -> List.of();
    };
  }

  private static void addSink(JobContext ctx, TableStream ts, SinkDef sink) {
    ConnectorPlugin plugin = ConnectorPlugins.get(sink.type());
    SinkTranslator translator = plugin.sinkTranslator();
    SinkTranslator.SinkContext sc = sinkContext(ctx, ts, sink);
    String sinkTable = sc.sinkTableName();
    String ddl = translator.createTableDdl(sc);
    ctx.tableEnv().executeSql(ddl);
    String view = ts.ref().viewName();
    String insert =
        "INSERT INTO `"
            + sinkTable
            + "` SELECT "
            + translator.selectList(sc)
            + " FROM `"
            + view
            + "`";
    ctx.record(ts.ref(), "sink " + sink.index() + " (" + sink.type() + ") DDL", ddl);
    ctx.record(ts.ref(), "sink " + sink.index() + " (" + sink.type() + ") insert", insert);
    boolean countHere = ctx.options().lineage() && !translator.countsWrites();
    if (countHere) {
      // The insert reads the counted rows under the table's own view name: the planner names its
      // operators after the view, and those names are in the sink's uids, which must not change.
      String counter = "sink" + sink.index() + "_written";
      DataStream<Row> counted =
          ts.stream()
              .map(new CountRows(ts.ref(), counter))
              .returns(ts.stream().getType())
              .name(ts.ref() + "/sink-" + sink.index() + "/written")
              .uid(ts.ref() + "/sink-" + sink.index() + "/written");
      ctx.record(
          ts.ref(),
          "sink " + sink.index() + " (" + sink.type() + ") counted",
          "-- rows handed to the sink are counted as " + counter);
      ctx.tableEnv().dropTemporaryView(view);
      ctx.tableEnv().createTemporaryView(view, counted, ts.schema());
    }
    try {
      int before = ctx.env().getTransformations().size();
      StreamStatementSet set = ctx.tableEnv().createStatementSet();
      set.addInsertSql(insert);
      set.attachAsDataStream();
      List<Transformation<?>> all = ctx.env().getTransformations();
      for (int i = before; i < all.size(); i++) {
        StableUids.assign(all.get(i), ts.ref() + "/sink-" + sink.index());
      }
    } finally {
      if (countHere) {
        ctx.tableEnv().dropTemporaryView(view);
        ctx.tableEnv().createTemporaryView(view, ts.stream(), ts.schema());
      }
    }
  }

  static io.strata.layers.config.Origin originOf(LayerGraph graph, TableRef ref) {
    var p = graph.pipeline();
    return switch (ref.layer()) {
      case ODS -> p.ods().get(ref.table()).origin();
      case DWD -> p.dwd().get(ref.table()).origin();
      case DWS -> p.dws().get(ref.table()).origin();
      case DIMENSIONS -> p.dimensions().get(ref.table()).origin();
    };
  }

  /** The columns that identify a row of a table: dedup key for DWD, group-by + window for DWS. */
  public static List<String> keyColumns(JobContext ctx, TableRef ref) {
    if (ref.layer() == Layer.DWD) {
      DwdTableDef d = ctx.pipeline().dwd().get(ref.table());
      return d.deduplicate() == null ? List.of() : d.deduplicate().key();
    }
    if (ref.layer() == Layer.DWS) {
      DwsTableDef d = ctx.pipeline().dws().get(ref.table());
      List<String> key = new ArrayList<>(List.of("window_start", "window_end"));
      key.addAll(d.groupBy());
      return key;
    }
    return List.of();
  }
}
