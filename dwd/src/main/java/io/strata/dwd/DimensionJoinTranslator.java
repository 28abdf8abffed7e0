package io.strata.dwd;

import io.strata.dimensions.DimensionLookupOptions;
import io.strata.dimensions.DimensionStore;
import io.strata.dimensions.DimensionStores;
import io.strata.dimensions.LookupTable;
import io.strata.dimensions.given.GivenDimensionRows;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.JoinDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.Sql;
import io.strata.layers.generate.SqlErrors;
import io.strata.layers.generate.TableStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * DWD {@code join}: each dimension is a Flink lookup table of its store's connector, joined with
 * {@code LEFT JOIN ... FOR SYSTEM_TIME AS OF} a processing-time attribute (async where the store
 * has it, with the connector's partial cache). The rows then pass {@link DimensionJoinRouter},
 * which applies {@code missing} and nests each dimension's columns in one ROW column named after
 * the dimension, so {@code columns} read them as {@code instruments.exchange}.
 */
final class DimensionJoinTranslator {
  static final String PROCTIME = "__strata_proctime";

  private DimensionJoinTranslator() {}

  /** The stream with one ROW column per joined dimension appended, or null after a problem. */
  static TableStream apply(JobContext ctx, TableRef ref, DwdTableDef d, TableStream current) {
    List<String> inputColumns =
        new ArrayList<>(((RowType) current.rowType().getLogicalType()).getFieldNames());
    List<DimensionDef> dims = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (JoinDef j : d.joins()) {
      DimensionDef dim = ctx.pipeline().dimensions().get(j.dimension());
      if (dim == null) {
        return null; // reported by validation
      }
      if (!seen.add(dim.name())) {
        ctx.problems()
            .add(
                j.origin(),
                ref + " joins dimension " + dim.name() + " twice",
                "join a dimension once; its columns are read as " + dim.name() + ".<column>");
        ok = false;
      }
      if (inputColumns.contains(dim.name())) {
        ctx.problems()
            .add(
                j.origin(),
                ref
                    + " joins dimension "
                    + dim.name()
                    + ", but its input also has a column named '"
                    + dim.name()
                    + "'",
                "dimension columns are read as "
                    + dim.name()
                    + ".<column>; rename the input column upstream");
        ok = false;
      }
      dims.add(dim);
    }
    if (!ok) {
      return null;
    }

    // 1. The input with a processing-time attribute for the lookups and each join's key.
    String inputView = ref.viewName() + "__lookup_input";
    Schema.Builder schema =
        Schema.newBuilder()
            .fromRowDataType(current.rowType())
            .columnByExpression(PROCTIME, "PROCTIME()");
    if (current.eventTime() != null) {
      schema.watermark(current.eventTime(), "SOURCE_WATERMARK()");
    }
    ctx.tableEnv().createTemporaryView(inputView, current.stream(), schema.build());
    StringBuilder keys = new StringBuilder("SELECT *");
    for (int i = 0; i < dims.size(); i++) {
      DimensionDef dim = dims.get(i);
      String keyType =
          dim.columns().stream()
              .filter(c -> c.name().equals(dim.key()))
              .map(c -> c.type())
              .findFirst()
              .orElse("STRING");
      keys.append(", CAST((")
          .append(d.joins().get(i).on())
          .append(") AS ")
          .append(keyType)
          .append(") AS ")
          .append(Sql.name(keyColumn(i)));
    }
    keys.append(" FROM ").append(Sql.name(inputView));
    for (int i = 0; i < dims.size(); i++) {
      try {
        ctx.tableEnv()
            .sqlQuery(
                "SELECT CAST(("
                    + d.joins().get(i).on()
                    + ") AS STRING) FROM "
                    + Sql.name(inputView));
      } catch (RuntimeException e) {
        ctx.problems()
            .add(
                d.joins().get(i).origin(),
                ref + ".join[" + i + "].on: " + SqlErrors.describe(e),
                SqlErrors.hint(e, ctx.graph(), inputColumns));
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    Table keyed = ctx.query(keys.toString(), d.origin(), ref + ".join keys", inputColumns);
    if (keyed == null) {
      return null;
    }
    String keyedView = ref.viewName() + "__lookup_keys";
    ctx.tableEnv().createTemporaryView(keyedView, keyed);
    ctx.record(ref, "join keys", keys.toString());

    // 2. One lookup table per dimension, then one query with a LEFT lookup join per dimension.
    List<LookupTable> tables = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      DimensionDef dim = dims.get(i);
      LookupTable lt;
      try {
        String tableName = "dim__" + ref.table() + "__" + dim.name();
        var given = ctx.options().givenDimensionRows();
        if (given != null) {
          // A config test: the dimension's given rows (none given: every lookup misses), never its
          // store.
          lt =
              GivenDimensionRows.lookupTable(
                  dim, given.getOrDefault(dim.name(), List.of()), tableName);
        } else {
          ConnectionDef connection = DimensionStores.connectionOf(ctx.pipeline(), dim);
          DimensionStore store = DimensionStores.storeOf(connection);
          lt = store.lookupTable(dim, connection, tableName, ctx.options().dimensionsAsOf());
        }
        ctx.tableEnv().executeSql(lt.ddl());
      } catch (RuntimeException e) {
        ctx.problems()
            .add(
                dim.storeOrigin(), "dimensions." + dim.name() + ": " + SqlErrors.describe(e), null);
        return null;
      }
      ctx.record(ref, "join " + dim.name() + " lookup table", lt.printableDdl());
      tables.add(lt);
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    List<String> hints = new ArrayList<>();
    for (int i = 0; i < dims.size(); i++) {
      hints.add(
          "LOOKUP('table'='"
              + alias(i)
              + "', 'timeout'='"
              + asyncTimeout(dims.get(i)).toSeconds()
              + "s', 'output-mode'='ordered')");
    }
    // Flink's batch planner rejects the LOOKUP hint ("Unknown join strategy"); its lookup joins are
    // synchronous anyway, so the backfill's recompute plans them without it.
    if (!ctx.options().batch()) {
      sql.append("/*+ ").append(String.join(", ", hints)).append(" */ ");
    }
    List<String> select = new ArrayList<>();
    for (String c : inputColumns) {
      select.add("i." + Sql.name(c));
    }
    for (int i = 0; i < dims.size(); i++) {
      for (var col : dims.get(i).columns()) {
        select.add(
            tables.get(i).column(alias(i), col.name())
                + " AS "
                + Sql.name(dimColumn(i, col.name())));
      }
      select.add(tables.get(i).key(alias(i)) + " AS " + Sql.name(foundColumn(i)));
      select.add("i." + Sql.name(keyColumn(i)));
    }
    sql.append(String.join(", ", select))
        .append("\nFROM ")
        .append(Sql.name(keyedView))
        .append(" AS i");
    for (int i = 0; i < dims.size(); i++) {
      sql.append("\nLEFT JOIN ")
          .append(Sql.name(tables.get(i).name()))
          .append(" FOR SYSTEM_TIME AS OF i.")
          .append(Sql.name(PROCTIME))
          .append(" AS ")
          .append(alias(i))
          .append(" ON ")
          .append(tables.get(i).key(alias(i)))
          .append(" = i.")
          .append(Sql.name(keyColumn(i)));
    }
    Table joined;
    try {
      joined = ctx.tableEnv().sqlQuery(sql.toString());
    } catch (RuntimeException e) {
      ctx.problems().add(d.joins().get(0).origin(), ref + ".join: " + SqlErrors.describe(e), null);
      return null;
    }
    ctx.record(ref, "join", sql.toString());

    // 3. Apply `missing` and nest each dimension's columns into one ROW column.
    TableStream flat = ctx.toStream(ref, joined, current.eventTime(), ref + "/join");
    RowType flatType = (RowType) flat.rowType().getLogicalType();
    List<DataTypes.Field> outFields = new ArrayList<>();
    for (int i = 0; i < inputColumns.size(); i++) {
      outFields.add(DataTypes.FIELD(inputColumns.get(i), DataTypes.of(flatType.getTypeAt(i))));
    }
    List<DimensionJoinRouter.Join> joins = new ArrayList<>();
    int pos = inputColumns.size();
    for (int i = 0; i < dims.size(); i++) {
      DimensionDef dim = dims.get(i);
      List<DataTypes.Field> dimFields = new ArrayList<>();
      for (var col : dim.columns()) {
        dimFields.add(
            DataTypes.FIELD(
                col.name(), DataTypes.of(flatType.getTypeAt(pos + dimFields.size()).copy(true))));
      }
      outFields.add(
          DataTypes.FIELD(
              dim.name(), DataTypes.ROW(dimFields.toArray(new DataTypes.Field[0])).nullable()));
      int width = dim.columns().size();
      joins.add(
          new DimensionJoinRouter.Join(
              dim.name(),
              d.joins().get(i).missing() == null ? "keep" : d.joins().get(i).missing(),
              pos,
              width,
              pos + width,
              pos + width + 1));
      pos += width + 2;
    }
    DataType outType = DataTypes.ROW(outFields.toArray(new DataTypes.Field[0])).notNull();
    OdsTableDef root = rootOds(ctx, ref);
    SingleOutputStreamOperator<Row> routed =
        flat.stream()
            .process(
                new DimensionJoinRouter(
                    ref,
                    ctx.pipeline().settings().name(),
                    inputColumns.toArray(new String[0]),
                    joins))
            .returns(ExternalTypeInfo.of(outType))
            .name(ref + "/join-missing")
            .uid(ref + "/join-missing");
    if (joins.stream().anyMatch(j -> "dead-letter".equals(j.missing())) && root != null) {
      ctx.deadLetters()
          .write(
              ctx,
              ref,
              root.deadLetter().topic(),
              root.source().connection(),
              routed.getSideOutput(DimensionJoinRouter.DEAD_LETTERS));
    }
    ctx.record(
        ref,
        "join missing keys",
        "-- "
            + String.join(
                "; ",
                joins.stream().map(j -> j.dimension() + ": missing = " + j.missing()).toList())
            + (root == null ? "" : " (dead letters to " + root.deadLetter().topic() + ")"));
    return new TableStream(ref, routed, outType, current.eventTime());
  }

  /**
   * How long the async operator waits for one lookup: every attempt may take `timeout`, with the
   * connector's backoff (1 s, 2 s, ...) between attempts, plus slack.
   */
  static Duration asyncTimeout(DimensionDef dim) {
    int retries = DimensionLookupOptions.maxRetries(dim);
    long attempt = DimensionLookupOptions.timeout(dim).toMillis();
    long backoff = 1000L * retries * (retries + 1) / 2;
    return Duration.ofMillis((retries + 1) * attempt * 2 + backoff + 10_000);
  }

  private static OdsTableDef rootOds(JobContext ctx, TableRef ref) {
    for (TableRef r : ctx.graph().rootsOf(ref)) {
      return ctx.pipeline().ods().get(r.table());
    }
    return null;
  }

  static String alias(int i) {
    return "__strata_dim" + i;
  }

  static String keyColumn(int i) {
    return "__strata_key" + i;
  }

  static String foundColumn(int i) {
    return "__strata_found" + i;
  }

  static String dimColumn(int i, String column) {
    return "__strata_dim" + i + "__" + column;
  }
}
