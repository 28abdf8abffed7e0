package io.strata.layers.generate;

import io.strata.layers.config.Origin;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/** Everything translators share while one pipeline becomes one Flink job. */
public final class JobContext {

  /** A piece of generated SQL or DDL, kept so that `strata explain` can print it. */
  public record Generated(TableRef table, String title, String sql) {}

  private final LayerGraph graph;
  private final StreamExecutionEnvironment env;
  private final StreamTableEnvironment tableEnv;
  private final RunOptions options;
  private final DeadLetterOutput deadLetters;
  private final Problems problems;
  private final Map<TableRef, TableStream> tables = new LinkedHashMap<>();
  private final List<Generated> generated = new ArrayList<>();

  JobContext(
      LayerGraph graph,
      StreamExecutionEnvironment env,
      StreamTableEnvironment tableEnv,
      RunOptions options,
      DeadLetterOutput deadLetters,
      Problems problems) {
    this.graph = graph;
    this.env = env;
    this.tableEnv = tableEnv;
    this.options = options;
    this.deadLetters = deadLetters;
    this.problems = problems;
  }

  public LayerGraph graph() {
    return graph;
  }

  public PipelineDef pipeline() {
    return graph.pipeline();
  }

  public StreamExecutionEnvironment env() {
    return env;
  }

  public StreamTableEnvironment tableEnv() {
    return tableEnv;
  }

  public RunOptions options() {
    return options;
  }

  public DeadLetterOutput deadLetters() {
    return deadLetters;
  }

  public Problems problems() {
    return problems;
  }

  /** The translated table, or null if it could not be translated (its problems are reported). */
  public TableStream stream(TableRef ref) {
    return tables.get(ref);
  }

  public Map<TableRef, TableStream> streams() {
    return tables;
  }

  public List<Generated> generated() {
    return generated;
  }

  public void record(TableRef table, String title, String sql) {
    generated.add(new Generated(table, title, sql));
  }

  /** The SQL view name under which a published table can be read. */
  public static String viewName(TableRef ref) {
    return ref.viewName();
  }

  /** Publishes a table's rows; registers it as a view named {@link TableRef#viewName()}. */
  public TableStream publish(TableStream ts) {
    tables.put(ts.ref(), ts);
    tableEnv.createTemporaryView(ts.ref().viewName(), ts.stream(), ts.schema());
    return ts;
  }

  /** Converts a query result into the table's one shared stream, with stable operator uids. */
  public TableStream toStream(TableRef ref, Table table, String eventTime, String uidPath) {
    DataStream<Row> stream = tableEnv.toDataStream(table);
    StableUids.assign(stream.getTransformation(), uidPath);
    return new TableStream(ref, stream, physicalRowType(table), eventTime);
  }

  /** The row type of a table without time-attribute markers, as a stream of Rows carries it. */
  public static DataType physicalRowType(Table table) {
    DataType rowType = table.getResolvedSchema().toPhysicalRowDataType();
    return TypeConversions.fromLogicalToDataType(
        LogicalTypeUtils.removeTimeAttributes(rowType.getLogicalType()));
  }

  /**
   * Runs {@code sqlQuery} and reports a failure as a problem at {@code origin}: Flink's parser and
   * planner decide what is valid SQL; we only trim their message to what a user needs.
   */
  public Table query(String sql, Origin origin, String what, java.util.Collection<String> columns) {
    try {
      return tableEnv.sqlQuery(sql);
    } catch (RuntimeException | StackOverflowError e) {
      problems.add(origin, what + ": " + SqlErrors.describe(e), SqlErrors.hint(e, graph, columns));
      return null;
    }
  }

  /**
   * Plans a query all the way to operators, as running it would: some mistakes (an OVER window in a
   * column, say) only show then. Returns the error, or null if it plans.
   */
  public Throwable planningError(String sql) {
    try {
      tableEnv.toDataStream(tableEnv.sqlQuery(sql));
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      return e;
    }
  }

  private final Map<TableRef, java.util.Set<String>> unchecked = new LinkedHashMap<>();

  /**
   * Marks a column whose expression has a reported problem and was replaced by NULL so that the
   * tables downstream can still be checked; problems downstream that read it are not reported.
   */
  public void markUnchecked(TableRef table, String column) {
    unchecked.computeIfAbsent(table, k -> new java.util.LinkedHashSet<>()).add(column);
  }

  public java.util.Set<String> uncheckedColumns(TableRef table) {
    return unchecked.getOrDefault(table, java.util.Set.of());
  }
}
