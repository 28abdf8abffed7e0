package io.strata.dwd;

import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.ExprColumn;
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
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * DWD: {@code where} (evaluated by Flink SQL, filtered rows counted), {@code deduplicate} (first
 * row per key within an event-time span), {@code join} (dimension lookups, see {@link
 * DimensionJoinTranslator}), then the derived {@code columns}, which read a joined dimension's
 * columns as {@code <dimension>.<column>}.
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
    TableStream current = in;
    String view = in.ref().viewName();
    if (d.where() != null && whereIsValid(ctx, d, ref, view, inputColumns)) {
      String sql =
          "SELECT *, COALESCE(("
              + d.where().sql()
              + "), FALSE) AS "
              + Sql.name(KEEP)
              + " FROM "
              + Sql.name(view);
      Table flagged = ctx.tableEnv().sqlQuery(sql);
      RowType flaggedType = (RowType) JobContext.physicalRowType(flagged).getLogicalType();
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
      ctx.record(
          ref,
          "deduplicate",
          "-- keep the first row per ("
              + String.join(", ", d.deduplicate().key())
              + ") within "
              + d.deduplicate().within()
              + " of event time; later ones are counted as deduplicated");
    }
    if (!d.joins().isEmpty()) {
      current = DimensionJoinTranslator.apply(ctx, ref, d, current);
      if (current == null) {
        return;
      }
    }
    if (current != in) {
      view = ref.viewName() + "__input";
      ctx.tableEnv().createTemporaryView(view, current.stream(), current.schema());
    }
    String outEventTime = ctx.graph().eventTimeOf(ref);
    String sql = "SELECT " + plainSelectList(d, inputColumns) + " FROM " + Sql.name(view);
    TableStream result;
    try {
      result = ctx.toStream(ref, ctx.tableEnv().sqlQuery(sql), outEventTime, ref + "/columns");
    } catch (RuntimeException | StackOverflowError e) {
      int before = ctx.problems().size();
      sql =
          "SELECT "
              + checkedSelectList(ctx, d, ref, view, inputColumns)
              + " FROM "
              + Sql.name(view);
      if (ctx.problems().size() == before) {
        throw e;
      }
      result = ctx.toStream(ref, ctx.tableEnv().sqlQuery(sql), outEventTime, ref + "/columns");
    }
    ctx.record(ref, "columns", sql);
    DataStream<Row> counted = CountRows.after(ctx, result.stream(), ref, "out");
    ctx.publish(new TableStream(ref, counted, result.rowType(), outEventTime));
  }

  /** The where must be valid SQL over the input and a condition; reports it otherwise. */
  private static boolean whereIsValid(
      JobContext ctx, DwdTableDef d, TableRef ref, String view, List<String> inputColumns) {
    Table t =
        ctx.query(
            "SELECT (" + d.where().sql() + ") AS `w` FROM " + Sql.name(view),
            d.where().origin(),
            ref + ".where",
            inputColumns);
    if (t == null) {
      return false;
    }
    RowType type = (RowType) JobContext.physicalRowType(t).getLogicalType();
    if (type.getTypeAt(0).getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
      ctx.problems()
          .add(
              d.where().origin(),
              ref + ".where must be a true/false condition",
              "for example: quantity > 0 AND side IN ('BUY', 'SELL'); it is "
                  + type.getTypeAt(0).asSummaryString());
      return false;
    }
    return true;
  }

  /**
   * The select list after the combined query failed: each expression is planned on its own, as
   * running would plan it, so every failing column is reported at its line; a failing column is
   * replaced by NULL (and marked unchecked) so that the tables downstream are still checked.
   */
  private static String plainSelectList(DwdTableDef d, List<String> inputColumns) {
    if (d.columns().isEmpty()) {
      return Sql.names(inputColumns);
    }
    List<String> select = new ArrayList<>();
    d.columns().forEach(c -> select.add("(" + c.sql() + ") AS " + Sql.name(c.name())));
    return String.join(", ", select);
  }

  private static String checkedSelectList(
      JobContext ctx, DwdTableDef d, TableRef ref, String view, List<String> inputColumns) {
    List<String> select = new ArrayList<>();
    for (ExprColumn c : d.columns()) {
      String item = "(" + c.sql() + ") AS " + Sql.name(c.name());
      Throwable error = ctx.planningError("SELECT " + item + " FROM " + Sql.name(view));
      if (error != null) {
        ctx.problems()
            .add(
                c.origin(),
                ref + ".columns." + c.name() + ": " + SqlErrors.describe(error),
                SqlErrors.hint(error, ctx.graph(), inputColumns));
        ctx.markUnchecked(ref, c.name());
        item = "CAST(NULL AS STRING) AS " + Sql.name(c.name());
      }
      select.add(item);
    }
    return String.join(", ", select);
  }

  private static List<String> fieldNames(TableStream ts) {
    return new ArrayList<>(((RowType) ts.rowType().getLogicalType()).getFieldNames());
  }
}
