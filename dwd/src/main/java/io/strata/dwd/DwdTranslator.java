package io.strata.dwd;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.JoinDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.CountRows;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.LayerTranslator;
import io.strata.layers.generate.Sql;
import io.strata.layers.generate.SqlErrors;
import io.strata.layers.generate.TableStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * DWD: {@code where} (evaluated by Flink SQL, filtered rows counted), {@code deduplicate} (first row
 * per key within an event-time span), then the derived {@code columns}.
 */
public final class DwdTranslator implements LayerTranslator {
  static final String KEEP = "__strata_keep";

  @Override
  public Layer layer() {
    return Layer.DWD;
  }

  @Override
  public void translate(TableRef ref, JobContext ctx) {
    DwdTableDef d = ctx.pipeline().dwd().get(ref.table());
    TableStream in = ctx.stream(d.from().ref());
    String eventTime = in.eventTime();
    List<String> inputColumns = fieldNames(in);
    for (JoinDef j : d.joins()) {
      ctx.problems().add(j.origin(), "dimension joins cannot run in this version of Strata yet (" + ref + " joins " + j.dimension() + ")", "remove the join for now; lookups in HBase and JDBC arrive with the dimensions release");
    }
    if (!d.joins().isEmpty()) {
      return;
    }
    TableStream current = in;
    String view = in.ref().viewName();
    if (d.where() != null) {
      String sql = "SELECT *, COALESCE((" + d.where().sql() + "), FALSE) AS " + Sql.name(KEEP) + " FROM " + Sql.name(view);
      Table flagged = ctx.query(sql, d.where().origin(), ref + ".where");
      if (flagged == null) {
        return;
      }
      RowType flaggedType = (RowType) JobContext.physicalRowType(flagged).getLogicalType();
      if (flaggedType.getTypeAt(flaggedType.getFieldCount() - 1).getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
        ctx.problems().add(d.where().origin(), ref + ".where must be a true/false condition", "for example: quantity > 0 AND side IN ('BUY', 'SELL')");
        return;
      }
      ctx.record(ref, "where", sql);
      TableStream withFlag = ctx.toStream(ref, flagged, eventTime, ref + "/where");
      DataStream<Row> kept =
          withFlag.stream()
              .filter(new WhereFilter(ref, flaggedType.getFieldCount() - 1))
              .returns(withFlag.stream().getType())
              .name(ref + "/filter")
              .uid(ref + "/filter");
      current = new TableStream(ref, kept, withFlag.rowType(), eventTime);
    }
    if (d.deduplicate() != null) {
      List<String> names = fieldNames(current);
      int[] key = d.deduplicate().key().stream().mapToInt(names::indexOf).toArray();
      DataStream<Row> unique =
          current.stream()
              .keyBy(new DedupKey(key))
              .process(new FirstRowDeduplicator(ref, d.deduplicate().within().toMillis()))
              .returns(current.stream().getType())
              .name(ref + "/deduplicate")
              .uid(ref + "/deduplicate");
      current = new TableStream(ref, unique, current.rowType(), eventTime);
      ctx.record(ref, "deduplicate", "-- keep the first row per (" + String.join(", ", d.deduplicate().key()) + ") within " + d.deduplicate().within() + " of event time; later ones are counted as deduplicated");
    }
    if (current != in) {
      view = ref.viewName() + "__input";
      ctx.tableEnv().createTemporaryView(view, current.stream(), current.schema());
    }
    String select = selectList(d, inputColumns);
    String sql = "SELECT " + select + " FROM " + Sql.name(view);
    Table out;
    try {
      out = ctx.tableEnv().sqlQuery(sql);
    } catch (RuntimeException e) {
      reportColumnProblems(ctx, d, ref, view, inputColumns, e);
      return;
    }
    ctx.record(ref, "columns", sql);
    String outEventTime = ctx.graph().eventTimeOf(ref);
    TableStream result = ctx.toStream(ref, out, outEventTime, ref + "/columns");
    DataStream<Row> counted =
        result.stream()
            .map(new CountRows(ref, "out"))
            .returns(result.stream().getType())
            .name(ref + "/out")
            .uid(ref + "/out");
    ctx.publish(new TableStream(ref, counted, result.rowType(), outEventTime));
  }

  private static String selectList(DwdTableDef d, List<String> inputColumns) {
    if (d.columns().isEmpty()) {
      return Sql.names(inputColumns);
    }
    return d.columns().stream()
        .map(c -> "(" + c.sql() + ") AS " + Sql.name(c.name()))
        .collect(Collectors.joining(", "));
  }

  /** The combined query failed: find each column that fails on its own, to report all of them. */
  private static void reportColumnProblems(JobContext ctx, DwdTableDef d, TableRef ref, String view, List<String> inputColumns, RuntimeException combined) {
    int before = ctx.problems().size();
    for (ExprColumn c : d.columns()) {
      try {
        ctx.tableEnv().sqlQuery("SELECT (" + c.sql() + ") AS " + Sql.name(c.name()) + " FROM " + Sql.name(view));
      } catch (RuntimeException e) {
        ctx.problems().add(c.origin(), ref + ".columns." + c.name() + ": " + SqlErrors.describe(e), SqlErrors.hint(e, ctx.graph(), inputColumns));
      }
    }
    if (ctx.problems().size() == before) {
      ctx.problems().add(d.origin(), ref + ".columns: " + SqlErrors.describe(combined), null);
    }
  }

  private static List<String> fieldNames(TableStream ts) {
    return new ArrayList<>(((RowType) ts.rowType().getLogicalType()).getFieldNames());
  }
}
