package io.strata.layers.config;

import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.JoinDef;
import io.strata.layers.definition.Layer;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.TestCaseDef;
import io.strata.layers.plan.LayerGraph;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.ConnectorPlugins;
import io.strata.layers.plugin.PipelineCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * Checks what binding alone cannot: references between tables, dimensions and connections, cycles,
 * column types (parsed by Flink), event time for windows, and module-contributed checks.
 */
public final class PipelineValidator {
  private final PipelineDef p;
  private final LayerGraph graph;
  private final Problems problems;

  private PipelineValidator(LayerGraph graph, Problems problems) {
    this.p = graph.pipeline();
    this.graph = graph;
    this.problems = problems;
  }

  public static void validate(LayerGraph graph, Problems problems) {
    new PipelineValidator(graph, problems).run();
  }

  /** Parses a declared column type with Flink's own type parser; null and a problem if invalid. */
  private static final List<String> TYPE_NAMES =
      List.of(
          "STRING",
          "VARCHAR",
          "CHAR",
          "BOOLEAN",
          "TINYINT",
          "SMALLINT",
          "INT",
          "INTEGER",
          "BIGINT",
          "FLOAT",
          "DOUBLE",
          "DECIMAL",
          "DATE",
          "TIME",
          "TIMESTAMP",
          "TIMESTAMP_LTZ",
          "BYTES",
          "BINARY",
          "VARBINARY");

  public static LogicalType parseType(ColumnDef column, Problems problems) {
    try {
      LogicalType type =
          LogicalTypeParser.parse(column.type(), PipelineValidator.class.getClassLoader());
      if (type.getTypeRoot() == LogicalTypeRoot.UNRESOLVED) {
        String written = column.type().trim().split("[\\s(]")[0];
        String near = Names.didYouMean(written, TYPE_NAMES);
        problems.add(
            column.origin(),
            "column '" + column.name() + "' has an unknown type '" + column.type() + "'",
            near != null
                ? "did you mean '" + near + "'?"
                : "use a Flink SQL type such as STRING, BIGINT, DOUBLE, \"DECIMAL(18, 4)\", \"TIMESTAMP_LTZ(3)\"");
        return null;
      }
      return type;
    } catch (RuntimeException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      problems.add(
          column.origin(),
          "column '" + column.name() + "' has an invalid type '" + column.type() + "': " + msg,
          "use a Flink SQL type such as STRING, BIGINT, DOUBLE, \"DECIMAL(18, 4)\", \"TIMESTAMP_LTZ(3)\"");
      return null;
    }
  }

  private void run() {
    for (List<TableRef> cycle : graph.cycles()) {
      TableRef first = cycle.get(0);
      problems.add(
          originOf(first),
          "tables form a cycle: "
              + String.join(" -> ", cycle.stream().map(TableRef::toString).toList()),
          "a table cannot read from itself through other tables; break the cycle");
    }
    p.ods().values().forEach(this::ods);
    p.dimensions().values().forEach(this::dimension);
    p.dwd().values().forEach(this::dwd);
    p.dws().values().forEach(this::dws);
    p.tests().values().forEach(this::test);
    for (PipelineCheck check : ServiceLoader.load(PipelineCheck.class)) {
      check.check(graph, problems);
    }
  }

  private Origin originOf(TableRef t) {
    return switch (t.layer()) {
      case ODS -> p.ods().get(t.table()).origin();
      case DWD -> p.dwd().get(t.table()).origin();
      case DWS -> p.dws().get(t.table()).origin();
      case DIMENSIONS -> p.dimensions().get(t.table()).origin();
    };
  }

  private ConnectionDef connection(String name, Origin at, String expectedType, String usage) {
    if (name == null) {
      return null;
    }
    ConnectionDef c = p.connections().get(name);
    if (c == null) {
      problems.add(
          at,
          "unknown connection '" + name + "'",
          orDefine(
              Names.suggestion(name, p.connections().keySet()),
              "define it under connections { "
                  + name
                  + " { type = "
                  + (expectedType == null ? "..." : expectedType)
                  + ", ... } }"));
      return null;
    }
    if (expectedType != null && !expectedType.equals(c.type())) {
      problems.add(
          at,
          "connection '"
              + name
              + "' is of type "
              + c.type()
              + " but "
              + usage
              + " needs type "
              + expectedType,
          null);
    }
    return c;
  }

  private static String orDefine(String suggestion, String define) {
    return suggestion != null && suggestion.startsWith("did you mean") ? suggestion : define;
  }

  private void ods(OdsTableDef t) {
    String path = "ods." + t.name();
    Set<String> names = new HashSet<>();
    LogicalType eventType = null;
    for (ColumnDef c : t.columns()) {
      if (!names.add(c.name())) {
        problems.add(c.origin(), "column '" + c.name() + "' is declared twice in " + path, null);
      }
      LogicalType type = parseType(c, problems);
      if (t.eventTime() != null && c.name().equals(t.eventTime().column())) {
        eventType = type;
      }
    }
    if (t.source() != null) {
      connection(t.source().connection(), t.source().connectionOrigin(), "kafka", path + ".source");
      if ("avro".equals(t.source().format()) && t.source().schema() == null) {
        problems.add(
            t.source().origin(),
            path + ".source uses format avro but has no schema",
            "add schema = \"schemas/<name>.avsc\" (relative to the config file)");
      }
      if (t.source().schema() != null && !java.nio.file.Files.isRegularFile(t.source().schema())) {
        problems.add(
            t.source().schemaOrigin(),
            "schema file not found: " + t.source().schema(),
            "the path is relative to the config file that names it");
      }
    }
    if (t.eventTime() != null && t.eventTime().column() != null) {
      if (!names.contains(t.eventTime().column())) {
        problems.add(
            t.eventTime().origin(),
            "event-time column '" + t.eventTime().column() + "' is not a column of " + path,
            Names.suggestion(t.eventTime().column(), names));
      } else if (eventType != null && !isEventTimeType(eventType)) {
        problems.add(
            t.eventTime().origin(),
            "event-time column '"
                + t.eventTime().column()
                + "' has type "
                + eventType.asSummaryString()
                + "; it must be TIMESTAMP(3) or TIMESTAMP_LTZ(3)",
            "declare it as \"TIMESTAMP_LTZ(3)\" (JSON epoch millis and ISO-8601 strings are read)");
      }
    }
    if (t.archive() != null) {
      connection(t.archive().connection(), t.archive().origin(), "hive", path + ".archive");
    }
  }

  static boolean isEventTimeType(LogicalType type) {
    LogicalTypeRoot root = type.getTypeRoot();
    if (root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE) {
      return ((org.apache.flink.table.types.logical.TimestampType) type).getPrecision() <= 3;
    }
    if (root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      return ((org.apache.flink.table.types.logical.LocalZonedTimestampType) type).getPrecision()
          <= 3;
    }
    return false;
  }

  private void dimension(DimensionDef d) {
    String path = "dimensions." + d.name();
    ConnectionDef c = connection(d.connection(), d.storeOrigin(), null, path);
    if (c != null) {
      ConnectorPlugin plugin = ConnectorPlugins.get(c.type());
      String why = plugin == null ? "unknown type" : plugin.dimensionStoreUnavailableReason();
      if (why != null) {
        problems.add(
            d.storeOrigin(),
            path + ".store: " + why,
            "dimension stores are hbase or jdbc connections");
      }
    }
    Set<String> names = new HashSet<>();
    for (ColumnDef col : d.columns()) {
      if (!names.add(col.name())) {
        problems.add(
            col.origin(), "column '" + col.name() + "' is declared twice in " + path, null);
      }
      parseType(col, problems);
    }
    if (d.key() != null && !names.isEmpty() && !names.contains(d.key())) {
      problems.add(
          d.storeOrigin(),
          "key '" + d.key() + "' is not a column of " + path,
          Names.suggestion(d.key(), names));
    }
  }

  private boolean checkFrom(TableRef.Written from, String path, Set<Layer> allowed) {
    if (from == null) {
      return false;
    }
    if (!allowed.contains(from.ref().layer())) {
      problems.add(
          from.origin(),
          path
              + " reads "
              + from.text()
              + ", but may only read from "
              + String.join(" or ", allowed.stream().map(Layer::key).toList())
              + " tables",
          "DWD tables read ods.<table> or dwd.<table>; DWS tables read dwd.<table>");
      return false;
    }
    if (!p.defines(from.ref())) {
      List<String> candidates = new ArrayList<>();
      allowed.forEach(l -> tableNames(l).forEach(n -> candidates.add(l.key() + "." + n)));
      problems.add(
          from.origin(),
          path + " reads " + from.text() + ", which is not defined",
          orDefine(
              Names.suggestion(from.text(), candidates),
              "define " + from.text() + " or fix the reference"));
      return false;
    }
    return true;
  }

  private Set<String> tableNames(Layer l) {
    return switch (l) {
      case ODS -> p.ods().keySet();
      case DWD -> p.dwd().keySet();
      case DWS -> p.dws().keySet();
      case DIMENSIONS -> p.dimensions().keySet();
    };
  }

  private void dwd(DwdTableDef t) {
    String path = "dwd." + t.name();
    boolean fromOk = checkFrom(t.from(), path, java.util.EnumSet.of(Layer.ODS, Layer.DWD));
    List<String> input = fromOk ? graph.columnsOf(t.from().ref()) : null;
    if (t.deduplicate() != null && input != null) {
      for (String k : t.deduplicate().key()) {
        if (!input.contains(k)) {
          problems.add(
              t.deduplicate().origin(),
              "deduplicate key '" + k + "' is not a column of " + t.from().text(),
              Names.suggestion(k, input));
        }
      }
      if (graph.eventTimeOf(t.from().ref()) == null) {
        problems.add(
            t.deduplicate().origin(),
            path
                + " deduplicates within an event-time span, but "
                + t.from().text()
                + " has no event time",
            "declare event-time on the ODS table and pass its column through");
      }
    }
    for (JoinDef j : t.joins()) {
      if (j.dimension() != null && !p.dimensions().containsKey(j.dimension())) {
        problems.add(
            j.origin(),
            "unknown dimension '" + j.dimension() + "' in " + path + ".join",
            orDefine(
                Names.suggestion(j.dimension(), p.dimensions().keySet()),
                "define it under dimensions { " + j.dimension() + " { ... } }"));
      }
    }
    sinks(path, t.sinks());
  }

  private void dws(DwsTableDef t) {
    String path = "dws." + t.name();
    boolean fromOk = checkFrom(t.from(), path, java.util.EnumSet.of(Layer.DWD));
    if (!fromOk) {
      sinks(path, t.sinks());
      return;
    }
    List<String> input = graph.columnsOf(t.from().ref());
    if (input != null) {
      for (String g : t.groupBy()) {
        if (!input.contains(g)) {
          problems.add(
              t.groupByOrigin(),
              "group-by column '" + g + "' is not a column of " + t.from().text(),
              Names.suggestion(g, input));
        }
      }
    }
    if (t.window() != null
        && !graph.readsThroughCycle(t.from().ref())
        && graph.eventTimeOf(t.from().ref()) == null) {
      problems.add(
          t.window().origin(),
          path + " has a window, but " + t.from().text() + " has no event time",
          "declare event-time { column, watermark-delay } on its ODS table and keep that column unchanged in "
              + t.from().text()
              + ".columns");
    }
    Set<String> names = new HashSet<>(List.of("window_start", "window_end"));
    names.addAll(t.groupBy());
    t.measures()
        .forEach(
            m -> {
              if (!names.add(m.name())) {
                problems.add(
                    m.origin(),
                    "measure '"
                        + m.name()
                        + "' clashes with a group-by column or window_start/window_end",
                    "rename the measure");
              }
            });
    if (t.late() == null) {
      boolean hasDeadLetter =
          graph.rootsOf(t.ref()).stream()
              .map(r -> p.ods().get(r.table()))
              .anyMatch(o -> o != null && o.deadLetter() != null);
      if (!hasDeadLetter) {
        problems.add(
            t.origin(),
            "late records of " + path + " have nowhere to go",
            "add late { topic = \"...\" } or a dead-letter topic on its ODS table");
      }
    }
    sinks(path, t.sinks());
  }

  private void sinks(String path, List<SinkDef> sinks) {
    for (SinkDef s : sinks) {
      ConnectorPlugin plugin = ConnectorPlugins.get(s.type());
      if (plugin == null) {
        continue;
      }
      String why = plugin.sinkUnavailableReason();
      if (why != null) {
        problems.add(
            s.origin(),
            path + ".sinks[" + s.index() + "]: " + why,
            "available sink types: "
                + String.join(
                    ", ",
                    ConnectorPlugins.all().values().stream()
                        .filter(pl -> pl.sinkUnavailableReason() == null)
                        .map(ConnectorPlugin::type)
                        .toList()));
        continue;
      }
      ConnectionDef c =
          plugin.needsConnection()
              ? connection(s.connection(), s.origin(), s.type(), path + ".sinks[" + s.index() + "]")
              : null;
      plugin.validateSink(s, c, problems);
    }
  }

  private void test(TestCaseDef t) {
    String path = "tests." + t.name();
    for (Map.Entry<TableRef, List<Map<String, Object>>> e : t.given().entrySet()) {
      TableRef ref = e.getKey();
      if (ref.layer() == Layer.DIMENSIONS) {
        var dim = p.dimensions().get(ref.table());
        if (dim == null) {
          problems.add(
              t.origin(),
              path + ".given names " + ref + ", which is not a defined dimension",
              Names.suggestion(ref.table(), p.dimensions().keySet()));
        } else {
          checkRowColumns(
              path + ".given",
              ref,
              dim.columns().stream().map(c -> c.name()).toList(),
              e.getValue(),
              t.origin());
        }
        continue;
      }
      if (ref.layer() != Layer.ODS) {
        problems.add(
            t.origin(),
            path + ".given names " + ref + "; tests give rows to ODS tables and dimensions",
            "give rows to the ods table that feeds " + ref);
        continue;
      }
      if (!p.defines(ref)) {
        problems.add(
            t.origin(),
            path + ".given names " + ref + ", which is not defined",
            Names.suggestion(ref.table(), p.ods().keySet()));
        continue;
      }
      checkRowColumns(path + ".given", ref, e.getValue(), t.origin());
    }
    for (Map.Entry<TableRef, List<Map<String, Object>>> e : t.expect().entrySet()) {
      TableRef ref = e.getKey();
      Origin at = t.expectOrigins().getOrDefault(ref, t.origin());
      if (!p.defines(ref) || ref.layer() == Layer.DIMENSIONS) {
        problems.add(at, path + ".expect names " + ref + ", which is not a defined table", null);
        continue;
      }
      checkRowColumns(path + ".expect", ref, e.getValue(), at);
    }
  }

  private void checkRowColumns(
      String path, TableRef ref, List<Map<String, Object>> rows, Origin at) {
    checkRowColumns(path, ref, graph.columnsOf(ref), rows, at);
  }

  private void checkRowColumns(
      String path, TableRef ref, List<String> columns, List<Map<String, Object>> rows, Origin at) {
    if (columns == null) {
      return;
    }
    Set<String> reported = new HashSet<>();
    for (Map<String, Object> row : rows) {
      for (String k : row.keySet()) {
        if (!columns.contains(k) && reported.add(k)) {
          problems.add(
              at, path + ": '" + k + "' is not a column of " + ref, Names.suggestion(k, columns));
        }
      }
    }
  }
}
