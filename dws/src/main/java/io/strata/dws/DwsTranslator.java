package io.strata.dws;

import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.WindowDef;
import io.strata.layers.generate.CountRows;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.LayerTranslator;
import io.strata.layers.generate.Sql;
import io.strata.layers.generate.SqlErrors;
import io.strata.layers.generate.TableStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * DWS: late records to the late output (counted), then Flink SQL window table functions (TUMBLE,
 * HOP, CUMULATE) grouped by the declared columns, computing the declared measures.
 */
public final class DwsTranslator implements LayerTranslator {

  @Override
  public Layer layer() {
    return Layer.DWS;
  }

  @Override
  public void translate(TableRef ref, JobContext ctx) {
    DwsTableDef d = ctx.pipeline().dws().get(ref.table());
    TableStream in = ctx.stream(d.from().ref());
    RowType inType = (RowType) in.rowType().getLogicalType();
    List<String> inputColumns = inType.getFieldNames();
    if (in.eventTime() == null) {
      return; // reported by validation
    }
    boolean ltz =
        inType.getTypeAt(inputColumns.indexOf(in.eventTime())).getTypeRoot()
            == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;

    SingleOutputStreamOperator<Row> onTime =
        in.stream()
            .process(
                new LateRecordFilter(
                    ctx.pipeline().settings().name(),
                    ref,
                    d.window(),
                    ctx.pipeline().settings().timeZone(),
                    ltz,
                    inputColumns.toArray(new String[0])))
            .returns(in.stream().getType())
            .name(ref + "/late-filter")
            .uid(ref + "/late-filter");
    LateTarget target = lateTarget(ctx, d);
    ctx.deadLetters()
        .write(
            ctx, ref, target.topic, target.connection, onTime.getSideOutput(LateRecordFilter.LATE));

    String view = ref.viewName() + "__input";
    TableStream input = new TableStream(ref, onTime, in.rowType(), in.eventTime());
    ctx.tableEnv().createTemporaryView(view, input.stream(), input.schema());

    if (!checkMeasures(ctx, d, ref, view, inputColumns)) {
      return;
    }
    String sql = windowQuery(d, view, in.eventTime());
    Table out;
    try {
      out = ctx.tableEnv().sqlQuery(sql);
    } catch (RuntimeException e) {
      ctx.problems()
          .add(
              d.origin(),
              ref + ": " + SqlErrors.describe(e),
              SqlErrors.hint(e, ctx.graph(), inputColumns));
      return;
    }
    ctx.record(ref, "window aggregate", sql);
    TableStream result = ctx.toStream(ref, out, null, ref + "/window");
    DataStream<Row> counted = CountRows.after(ctx, result.stream(), ref, "out");
    ctx.publish(new TableStream(ref, counted, result.rowType(), null));
  }

  static String windowQuery(DwsTableDef d, String view, String eventTime) {
    WindowDef w = d.window();
    String tvf =
        switch (w.type()) {
          case "hop" ->
              "HOP(TABLE "
                  + Sql.name(view)
                  + ", DESCRIPTOR("
                  + Sql.name(eventTime)
                  + "), "
                  + Sql.interval(w.slide().toMillis())
                  + ", "
                  + Sql.interval(w.size().toMillis())
                  + ")";
          case "cumulate" ->
              "CUMULATE(TABLE "
                  + Sql.name(view)
                  + ", DESCRIPTOR("
                  + Sql.name(eventTime)
                  + "), "
                  + Sql.interval(w.step().toMillis())
                  + ", "
                  + Sql.interval(w.size().toMillis())
                  + ")";
          default ->
              "TUMBLE(TABLE "
                  + Sql.name(view)
                  + ", DESCRIPTOR("
                  + Sql.name(eventTime)
                  + "), "
                  + Sql.interval(w.size().toMillis())
                  + ")";
        };
    List<String> select = new ArrayList<>(List.of("window_start", "window_end"));
    d.groupBy().forEach(g -> select.add(Sql.name(g)));
    for (ExprColumn m : d.measures()) {
      select.add("(" + m.sql() + ") AS " + Sql.name(m.name()));
    }
    List<String> group = new ArrayList<>(List.of("window_start", "window_end"));
    d.groupBy().forEach(g -> group.add(Sql.name(g)));
    return "SELECT "
        + String.join(", ", select)
        + "\nFROM TABLE("
        + tvf
        + ")\nGROUP BY "
        + String.join(", ", group);
  }

  /**
   * Each measure on its own: it must be valid SQL over the input, and an aggregate (asked of
   * Flink's planner: the query's plan must aggregate). Reports every failing measure.
   */
  private static boolean checkMeasures(
      JobContext ctx, DwsTableDef d, TableRef ref, String view, List<String> inputColumns) {
    boolean ok = true;
    String groupBy = d.groupBy().isEmpty() ? "" : " GROUP BY " + Sql.names(d.groupBy());
    java.util.Set<String> unchecked = ctx.uncheckedColumns(d.from().ref());
    for (ExprColumn m : d.measures()) {
      if (unchecked.stream()
          .anyMatch(
              c ->
                  java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(c) + "\\b")
                      .matcher(m.sql())
                      .find())) {
        ok = false; // reads a column whose own problem is reported upstream
        continue;
      }
      try {
        Table global =
            ctx.tableEnv()
                .sqlQuery(
                    "SELECT ("
                        + m.sql()
                        + ") AS "
                        + Sql.name(m.name())
                        + " FROM "
                        + Sql.name(view));
        if (!global.explain().contains("LogicalAggregate")) {
          ctx.problems()
              .add(
                  m.origin(),
                  ref + ".measures." + m.name() + " = \"" + m.sql() + "\" is not an aggregate",
                  "measures are computed per window and group; use COUNT, SUM, MIN, MAX, AVG, ... (e.g. SUM("
                      + m.sql()
                      + "))");
          ok = false;
          continue;
        }
        ctx.tableEnv()
            .sqlQuery(
                "SELECT ("
                    + m.sql()
                    + ") AS "
                    + Sql.name(m.name())
                    + " FROM "
                    + Sql.name(view)
                    + groupBy);
      } catch (RuntimeException | StackOverflowError e) {
        ctx.problems()
            .add(
                m.origin(),
                ref + ".measures." + m.name() + ": " + SqlErrors.describe(e),
                SqlErrors.hint(e, ctx.graph(), inputColumns));
        ok = false;
      }
    }
    return ok;
  }

  private record LateTarget(String topic, String connection) {}

  private static LateTarget lateTarget(JobContext ctx, DwsTableDef d) {
    OdsTableDef root =
        ctx.graph().rootsOf(d.ref()).stream()
            .map(r -> ctx.pipeline().ods().get(r.table()))
            .findFirst()
            .orElseThrow();
    String topic = d.late() != null ? d.late().topic() : root.deadLetter().topic();
    return new LateTarget(topic, root.source().connection());
  }
}
