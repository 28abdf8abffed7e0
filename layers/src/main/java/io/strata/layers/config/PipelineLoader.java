package io.strata.layers.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.strata.layers.definition.ArchiveDef;
import io.strata.layers.definition.CacheDef;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DeadLetterDef;
import io.strata.layers.definition.DeduplicateDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.EventTimeDef;
import io.strata.layers.definition.Expr;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.JoinDef;
import io.strata.layers.definition.LateDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.PipelineSettings;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.SourceDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.definition.TestCaseDef;
import io.strata.layers.definition.WindowDef;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.ConnectorPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pipeline HOCON file into definitions. Every syntax, key and type problem is collected
 * with its file:line; references between tables are checked by {@link PipelineValidator}.
 */
public final class PipelineLoader {

  private PipelineLoader() {}

  /** Parses and binds; throws {@link Problems.ConfigInvalidException} with every problem found. */
  public static PipelineDef load(Path file) {
    Problems problems = new Problems();
    PipelineDef def = load(file, problems);
    problems.throwIfAny();
    return def;
  }

  /** Parses and binds, reporting into {@code problems}; returns null if the file cannot be read. */
  public static PipelineDef load(Path file, Problems problems) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      problems.add(new Origin(file.toString(), -1), "pipeline file not found", "check the path");
      return null;
    }
    Config parsed;
    try {
      parsed =
          ConfigFactory.parseFile(
              abs.toFile(),
              ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      problems.add(
          Origin.of(e.origin()),
          "HOCON syntax error: " + stripOrigin(e),
          "check the brackets, quotes and '=' around this line; strings with spaces or special characters need \"quotes\"");
      return null;
    }
    Config config;
    try {
      config = parsed.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (ConfigException.UnresolvedSubstitution e) {
      problems.add(
          Origin.of(e.origin()),
          stripOrigin(e),
          "define it in the file, or for secrets use ${?ENV_VAR} and set the variable");
      // Keep going, so that every other problem is reported too; unresolved values are skipped.
      config = parsed.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    } catch (ConfigException e) {
      problems.add(Origin.of(e.origin()), stripOrigin(e), null);
      return null;
    }
    Section.ROOT_FILE.set(abs.toString());
    try {
      return new Binder(abs, problems).bind(config.root());
    } finally {
      Section.ROOT_FILE.remove();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String stripOrigin(ConfigException e) {
    String m = firstLine(e.getMessage());
    // Typesafe prefixes messages with "file: line: "; we print our own origin.
    int idx = m.lastIndexOf(": ");
    String prefix = e.origin() != null ? e.origin().description() : null;
    if (prefix != null && m.startsWith(prefix)) {
      m = m.substring(prefix.length()).replaceFirst("^:\\s*", "");
    } else if (idx > 0 && m.matches("^[^:]+: \\d+: .*")) {
      m = m.substring(m.indexOf(": ", m.indexOf(": ") + 1) + 2);
    }
    return m;
  }

  /** Binds one resolved config tree to definitions. */
  static final class Binder {
    private final Path file;
    private final Problems problems;

    Binder(Path file, Problems problems) {
      this.file = file;
      this.problems = problems;
    }

    PipelineDef bind(ConfigObject root) {
      Section top = Section.read("", root, ConfigSchema.TOP, problems);
      PipelineSettings settings = settings(top);
      Map<String, ConnectionDef> connections = connections(top.object(ConfigSchema.CONNECTIONS));
      Map<String, OdsTableDef> ods = new LinkedHashMap<>();
      forEachTable(
          top.object(ConfigSchema.ODS), "ods", (name, obj) -> ods.put(name, odsTable(name, obj)));
      Map<String, DimensionDef> dims = new LinkedHashMap<>();
      forEachTable(
          top.object(ConfigSchema.DIMENSIONS),
          "dimensions",
          (name, obj) -> dims.put(name, dimension(name, obj, connections)));
      Map<String, DwdTableDef> dwd = new LinkedHashMap<>();
      forEachTable(
          top.object(ConfigSchema.DWD), "dwd", (name, obj) -> dwd.put(name, dwdTable(name, obj)));
      Map<String, DwsTableDef> dws = new LinkedHashMap<>();
      forEachTable(
          top.object(ConfigSchema.DWS), "dws", (name, obj) -> dws.put(name, dwsTable(name, obj)));
      Map<String, Object> backfill =
          freeSection(top.object(ConfigSchema.BACKFILL), "backfill", ConfigSchema.BACKFILL_OPTIONS);
      Map<String, Object> lineage = lineageSection(top.object(ConfigSchema.LINEAGE), connections);
      Map<String, TestCaseDef> tests = new LinkedHashMap<>();
      forEachTable(
          top.object(ConfigSchema.TESTS),
          "tests",
          (name, obj) -> tests.put(name, testCase(name, obj)));
      return new PipelineDef(
          file,
          settings,
          connections,
          ods,
          dims,
          dwd,
          dws,
          backfill,
          lineage,
          tests,
          Origin.of(root.origin()));
    }

    private interface TableBody {
      void accept(String name, ConfigObject body);
    }

    private void forEachTable(ConfigObject section, String layer, TableBody body) {
      if (section == null) {
        return;
      }
      for (Map.Entry<String, ConfigValue> e : Section.ordered(section)) {
        Origin at = Origin.of(e.getValue().origin());
        if (!Names.isIdentifier(e.getKey())) {
          problems.add(
              at, layer + " name '" + e.getKey() + "' is not a safe name", Names.IDENTIFIER_HINT);
          continue;
        }
        if (e.getValue().valueType() != ConfigValueType.OBJECT) {
          problems.add(at, "'" + layer + "." + e.getKey() + "' must be a block { ... }", null);
          continue;
        }
        body.accept(e.getKey(), (ConfigObject) e.getValue());
      }
    }

    private PipelineSettings settings(Section top) {
      ConfigObject obj = top.object(ConfigSchema.PIPELINE);
      if (obj == null) {
        return new PipelineSettings(
            "pipeline", "UTC", 1, Duration.ofSeconds(10), "exactly-once", top.origin());
      }
      Section p = Section.read("pipeline", obj, ConfigSchema.PIPELINE_OPTIONS, problems);
      String tz = p.get(ConfigSchema.TIME_ZONE);
      try {
        java.time.ZoneId.of(tz);
      } catch (java.time.DateTimeException e) {
        problems.add(
            p.originOf(ConfigSchema.TIME_ZONE),
            "unknown time zone '" + tz + "'",
            "use a region id such as UTC, Europe/London or Asia/Shanghai");
      }
      Integer parallelism = p.get(ConfigSchema.PARALLELISM);
      if (parallelism != null && parallelism < 1) {
        problems.add(
            p.originOf(ConfigSchema.PARALLELISM),
            "parallelism must be at least 1",
            "set parallelism = 1 or more");
      }
      Duration interval = ConfigSchema.CHECKPOINT_INTERVAL.defaultValue();
      String mode = ConfigSchema.CHECKPOINT_MODE.defaultValue();
      ConfigObject cp = p.object(ConfigSchema.CHECKPOINT);
      if (cp != null) {
        Section c =
            Section.read(
                "pipeline.checkpoint",
                cp,
                List.of(ConfigSchema.CHECKPOINT_INTERVAL, ConfigSchema.CHECKPOINT_MODE),
                problems);
        interval = c.get(ConfigSchema.CHECKPOINT_INTERVAL);
        mode = c.get(ConfigSchema.CHECKPOINT_MODE);
        if (interval != null && interval.toMillis() < 10) {
          problems.add(
              c.originOf(ConfigSchema.CHECKPOINT_INTERVAL),
              "checkpoint interval must be at least 10ms",
              null);
        }
      }
      return new PipelineSettings(
          p.get(ConfigSchema.NAME),
          tz,
          parallelism == null ? 1 : parallelism,
          interval,
          mode,
          p.origin());
    }

    private Map<String, ConnectionDef> connections(ConfigObject obj) {
      Map<String, ConnectionDef> out = new LinkedHashMap<>();
      if (obj == null) {
        return out;
      }
      forEachTable(
          obj,
          "connections",
          (name, body) -> {
            ConfigValue typeValue = body.get("type");
            Origin at = Origin.of(body.origin());
            if (typeValue == null) {
              problems.add(
                  at,
                  "connection '" + name + "' has no type",
                  "add type = " + String.join("|", connectionTypes()));
              return;
            }
            String type = String.valueOf(typeValue.unwrapped());
            ConnectorPlugin plugin = ConnectorPlugins.get(type);
            if (plugin == null || !plugin.needsConnection()) {
              problems.add(
                  Origin.of(typeValue.origin()),
                  "unknown connection type '" + type + "'",
                  Names.suggestion(type, connectionTypes()));
              return;
            }
            List<Option<?>> declared = new ArrayList<>();
            declared.add(Option.string("type"));
            declared.addAll(plugin.connectionOptions());
            Section s = Section.read("connections." + name, body, declared, problems);
            Set<String> secrets = new LinkedHashSet<>();
            plugin.connectionOptions().stream()
                .filter(Option::isSecret)
                .forEach(o -> secrets.add(o.key()));
            Map<String, String> options = new LinkedHashMap<>(s.stringValues());
            options.remove("type");
            out.put(
                name, new ConnectionDef(name, type, Map.copyOf(options), Set.copyOf(secrets), at));
          });
      return out;
    }

    private List<String> connectionTypes() {
      return ConnectorPlugins.all().values().stream()
          .filter(ConnectorPlugin::needsConnection)
          .map(ConnectorPlugin::type)
          .toList();
    }

    private List<ColumnDef> columns(String path, ConfigObject obj) {
      List<ColumnDef> out = new ArrayList<>();
      if (obj == null) {
        return out;
      }
      for (Map.Entry<String, ConfigValue> e : Section.ordered(obj)) {
        Origin at = Origin.of(e.getValue().origin());
        if (!Names.isIdentifier(e.getKey())) {
          problems.add(
              at,
              "column name '" + e.getKey() + "' in '" + path + "' is not a safe name",
              Names.IDENTIFIER_HINT);
          continue;
        }
        if (e.getValue().valueType() != ConfigValueType.STRING) {
          problems.add(
              at,
              "column '"
                  + e.getKey()
                  + "' in '"
                  + path
                  + "' must have a type such as STRING, BIGINT or \"DECIMAL(18, 4)\"",
              null);
          continue;
        }
        out.add(new ColumnDef(e.getKey(), (String) e.getValue().unwrapped(), at));
      }
      return out;
    }

    private List<ExprColumn> exprColumns(String path, ConfigObject obj) {
      List<ExprColumn> out = new ArrayList<>();
      if (obj == null) {
        return out;
      }
      for (Map.Entry<String, ConfigValue> e : Section.ordered(obj)) {
        Origin at = Origin.of(e.getValue().origin());
        if (!Names.isIdentifier(e.getKey())) {
          problems.add(
              at,
              "column name '" + e.getKey() + "' in '" + path + "' is not a safe name",
              Names.IDENTIFIER_HINT);
          continue;
        }
        if (e.getValue().valueType() == ConfigValueType.OBJECT
            || e.getValue().valueType() == ConfigValueType.LIST) {
          problems.add(
              at, "'" + path + "." + e.getKey() + "' must be a SQL expression string", null);
          continue;
        }
        String sql = String.valueOf(e.getValue().unwrapped());
        if (checkExpression(path + "." + e.getKey(), sql, at)) {
          out.add(new ExprColumn(e.getKey(), sql, at));
        }
      }
      return out;
    }

    private boolean checkExpression(String where, String sql, Origin at) {
      String why = SqlExpressionGuard.unsafeReason(sql);
      if (why != null) {
        problems.add(
            at,
            "'" + where + "' is not a single SQL expression: " + why,
            "write one expression, such as price * quantity; statements, comments and sub-queries are not allowed");
        return false;
      }
      return true;
    }

    private OdsTableDef odsTable(String name, ConfigObject obj) {
      String path = "ods." + name;
      Section t = Section.read(path, obj, ConfigSchema.ODS_TABLE, problems);
      SourceDef source = null;
      ConfigObject src = t.object(ConfigSchema.SOURCE);
      if (src != null) {
        Section s = Section.read(path + ".source", src, ConfigSchema.SOURCE_OPTIONS, problems);
        Path schema = null;
        if (s.has(ConfigSchema.SCHEMA)) {
          String written = s.get(ConfigSchema.SCHEMA);
          Origin schemaOrigin = s.originOf(ConfigSchema.SCHEMA);
          schema = resolveRelative(schemaOrigin, written);
        }
        source =
            new SourceDef(
                s.get(ConfigSchema.CONNECTION),
                s.get(ConfigSchema.TOPIC),
                s.get(ConfigSchema.FORMAT),
                schema,
                s.get(ConfigSchema.START),
                s.origin(),
                s.originOf(ConfigSchema.CONNECTION),
                s.originOf(ConfigSchema.SCHEMA));
      }
      EventTimeDef eventTime = null;
      ConfigObject et = t.object(ConfigSchema.EVENT_TIME);
      if (et != null) {
        Section e =
            Section.read(path + ".event-time", et, ConfigSchema.EVENT_TIME_OPTIONS, problems);
        eventTime =
            new EventTimeDef(
                e.get(ConfigSchema.COLUMN),
                e.get(ConfigSchema.WATERMARK_DELAY),
                e.originOf(ConfigSchema.COLUMN));
      }
      DeadLetterDef deadLetter = null;
      ConfigObject dl = t.object(ConfigSchema.DEAD_LETTER);
      if (dl != null) {
        Section d = Section.read(path + ".dead-letter", dl, List.of(ConfigSchema.TOPIC), problems);
        deadLetter = new DeadLetterDef(d.get(ConfigSchema.TOPIC), d.origin());
      }
      ArchiveDef archive = null;
      ConfigObject ar = t.object(ConfigSchema.ARCHIVE);
      if (ar != null) {
        Section a = Section.read(path + ".archive", ar, ConfigSchema.ARCHIVE_OPTIONS, problems);
        archive =
            new ArchiveDef(
                a.get(ConfigSchema.CONNECTION),
                a.get(ConfigSchema.TABLE_NAME),
                a.get(ConfigSchema.PARTITION),
                a.origin());
      }
      return new OdsTableDef(
          name,
          source,
          columns(path + ".columns", t.object(ConfigSchema.COLUMNS)),
          eventTime,
          deadLetter,
          archive,
          t.origin());
    }

    private Path resolveRelative(Origin origin, String written) {
      Path p = Path.of(written);
      if (p.isAbsolute()) {
        return p;
      }
      Path base = file.getParent();
      if (origin != null && origin.line() > 0) {
        Path originFile = Path.of(origin.file()).toAbsolutePath();
        if (Files.exists(originFile)) {
          base = originFile.getParent();
        }
      }
      return base.resolve(p).normalize();
    }

    private DimensionDef dimension(
        String name, ConfigObject obj, Map<String, ConnectionDef> connections) {
      String path = "dimensions." + name;
      Section d = Section.read(path, obj, ConfigSchema.DIMENSION, problems);
      String connection = null;
      String table = null;
      String key = null;
      Map<String, String> storeOptions = Map.of();
      Origin storeOrigin = d.origin();
      ConfigObject store = d.object(ConfigSchema.STORE);
      if (store != null) {
        storeOrigin = Origin.of(store.origin());
        ConfigValue conn = store.get("connection");
        List<Option<?>> declared = new ArrayList<>(ConfigSchema.STORE_OPTIONS);
        if (conn != null) {
          ConnectionDef c = connections.get(String.valueOf(conn.unwrapped()));
          ConnectorPlugin plugin = c == null ? null : ConnectorPlugins.get(c.type());
          if (plugin != null) {
            declared.addAll(plugin.dimensionStoreOptions());
          }
        }
        Section s = Section.read(path + ".store", store, declared, problems);
        connection = s.get(ConfigSchema.CONNECTION);
        table = s.get(ConfigSchema.STORE_TABLE);
        key = s.get(ConfigSchema.KEY);
        Map<String, String> opts = new LinkedHashMap<>(s.stringValues());
        opts.keySet().removeAll(List.of("connection", "table", "key"));
        storeOptions = Map.copyOf(opts);
      }
      CacheDef cache = null;
      ConfigObject c = d.object(ConfigSchema.CACHE);
      if (c != null) {
        Section cs = Section.read(path + ".cache", c, ConfigSchema.CACHE_OPTIONS, problems);
        Integer maxRows = cs.get(ConfigSchema.MAX_ROWS);
        if (maxRows != null && maxRows < 0) {
          problems.add(
              cs.originOf(ConfigSchema.MAX_ROWS), "cache max-rows must not be negative", null);
        }
        cache = new CacheDef(maxRows == null ? 0 : maxRows, cs.get(ConfigSchema.TTL), cs.origin());
      }
      return new DimensionDef(
          name,
          connection,
          table,
          key,
          storeOptions,
          columns(path + ".columns", d.object(ConfigSchema.COLUMNS)),
          cache,
          d.origin(),
          storeOrigin);
    }

    private TableRef.Written ref(Section s, Option<String> option, String path) {
      if (!s.has(option)) {
        return null;
      }
      String text = s.get(option);
      TableRef ref = TableRef.parse(text);
      if (ref == null) {
        problems.add(
            s.originOf(option),
            "'" + path + "." + option.key() + "' = '" + text + "' is not a table reference",
            "write layer.table, for example ods.trades or dwd.trades");
        return null;
      }
      return new TableRef.Written(ref, text, s.originOf(option));
    }

    private List<SinkDef> sinks(String path, ConfigList list) {
      List<SinkDef> out = new ArrayList<>();
      if (list == null) {
        return out;
      }
      int index = 0;
      for (ConfigValue v : list) {
        Origin at = Origin.of(v.origin());
        String where = path + ".sinks[" + index + "]";
        if (v.valueType() != ConfigValueType.OBJECT) {
          problems.add(at, "'" + where + "' must be a block { type = ..., ... }", null);
          index++;
          continue;
        }
        ConfigObject obj = (ConfigObject) v;
        ConfigValue typeValue = obj.get("type");
        if (typeValue == null) {
          problems.add(
              at,
              "sink '" + where + "' has no type",
              "add type = " + String.join("|", sinkTypes()));
          index++;
          continue;
        }
        String type = String.valueOf(typeValue.unwrapped());
        ConnectorPlugin plugin = ConnectorPlugins.get(type);
        if (plugin == null) {
          problems.add(
              Origin.of(typeValue.origin()),
              "unknown sink type '" + type + "'",
              Names.suggestion(type, sinkTypes()));
          index++;
          continue;
        }
        List<Option<?>> declared = new ArrayList<>();
        declared.add(Option.string("type"));
        if (plugin.needsConnection()) {
          declared.add(ConfigSchema.CONNECTION.required());
        }
        declared.addAll(plugin.sinkOptions());
        Section s = Section.read(where, obj, declared, problems);
        Map<String, String> options = new LinkedHashMap<>(s.stringValues());
        options.remove("type");
        String connection = options.remove("connection");
        out.add(new SinkDef(type, connection, Map.copyOf(options), index, at));
        index++;
      }
      return out;
    }

    private List<String> sinkTypes() {
      return List.copyOf(ConnectorPlugins.all().keySet());
    }

    private DwdTableDef dwdTable(String name, ConfigObject obj) {
      String path = "dwd." + name;
      Section t = Section.read(path, obj, ConfigSchema.DWD_TABLE, problems);
      Expr where = null;
      if (t.has(ConfigSchema.WHERE)
          && checkExpression(
              path + ".where", t.get(ConfigSchema.WHERE), t.originOf(ConfigSchema.WHERE))) {
        where = new Expr(t.get(ConfigSchema.WHERE), t.originOf(ConfigSchema.WHERE));
      }
      DeduplicateDef dedup = null;
      ConfigObject d = t.object(ConfigSchema.DEDUPLICATE);
      if (d != null) {
        Section ds = Section.read(path + ".deduplicate", d, ConfigSchema.DEDUP_OPTIONS, problems);
        List<String> key = ds.get(ConfigSchema.KEY_LIST);
        if (key != null && key.isEmpty()) {
          problems.add(
              ds.originOf(ConfigSchema.KEY_LIST),
              "deduplicate key must name at least one column",
              null);
        }
        dedup =
            new DeduplicateDef(
                key == null ? List.of() : key,
                ds.get(ConfigSchema.WITHIN),
                ds.originOf(ConfigSchema.KEY_LIST));
      }
      List<JoinDef> joins = new ArrayList<>();
      ConfigList joinList = t.list(ConfigSchema.JOIN);
      if (joinList != null) {
        int i = 0;
        for (ConfigValue v : joinList) {
          if (v.valueType() != ConfigValueType.OBJECT) {
            problems.add(
                Origin.of(v.origin()),
                "'" + path + ".join[" + i + "]' must be a block { dimension, on, missing }",
                null);
          } else {
            Section js =
                Section.read(
                    path + ".join[" + i + "]",
                    (ConfigObject) v,
                    ConfigSchema.JOIN_OPTIONS,
                    problems);
            if (js.has(ConfigSchema.ON)) {
              checkExpression(
                  path + ".join[" + i + "].on",
                  js.get(ConfigSchema.ON),
                  js.originOf(ConfigSchema.ON));
            }
            joins.add(
                new JoinDef(
                    js.get(ConfigSchema.DIMENSION_NAME),
                    js.get(ConfigSchema.ON),
                    js.get(ConfigSchema.MISSING),
                    js.origin()));
          }
          i++;
        }
      }
      return new DwdTableDef(
          name,
          ref(t, ConfigSchema.FROM, path),
          where,
          dedup,
          List.copyOf(joins),
          exprColumns(path + ".columns", t.object(ConfigSchema.COLUMNS)),
          sinks(path, t.list(ConfigSchema.SINKS)),
          t.origin());
    }

    private DwsTableDef dwsTable(String name, ConfigObject obj) {
      String path = "dws." + name;
      Section t = Section.read(path, obj, ConfigSchema.DWS_TABLE, problems);
      WindowDef window = null;
      ConfigObject w = t.object(ConfigSchema.WINDOW);
      if (w != null) {
        Section ws = Section.read(path + ".window", w, ConfigSchema.WINDOW_OPTIONS, problems);
        String type = ws.get(ConfigSchema.WINDOW_TYPE);
        Duration size = ws.get(ConfigSchema.SIZE);
        Duration slide = ws.get(ConfigSchema.SLIDE);
        Duration step = ws.get(ConfigSchema.STEP);
        if (type != null) {
          if (type.equals("hop") && slide == null && !ws.written(ConfigSchema.SLIDE)) {
            problems.add(
                ws.origin(),
                "a hop window needs a slide",
                "add slide = 10s (how often a window starts)");
          }
          if (type.equals("cumulate") && step == null && !ws.written(ConfigSchema.STEP)) {
            problems.add(
                ws.origin(),
                "a cumulate window needs a step",
                "add step = 1min (how often the growing window emits)");
          }
          if (!type.equals("hop") && ws.written(ConfigSchema.SLIDE)) {
            problems.add(
                ws.originOf(ConfigSchema.SLIDE),
                "slide applies only to hop windows",
                "remove slide, or use type = hop");
          }
          if (!type.equals("cumulate") && ws.written(ConfigSchema.STEP)) {
            problems.add(
                ws.originOf(ConfigSchema.STEP),
                "step applies only to cumulate windows",
                "remove step, or use type = cumulate");
          }
        }
        if (size != null && size.toMillis() <= 0) {
          problems.add(ws.originOf(ConfigSchema.SIZE), "window size must be positive", null);
        }
        Duration divisor = "hop".equals(type) ? slide : "cumulate".equals(type) ? step : null;
        if (size != null
            && divisor != null
            && (divisor.toMillis() <= 0 || size.toMillis() % divisor.toMillis() != 0)) {
          problems.add(
              ws.originOf("hop".equals(type) ? ConfigSchema.SLIDE : ConfigSchema.STEP),
              "window size "
                  + size.toMillis()
                  + "ms must be a positive multiple of its "
                  + ("hop".equals(type) ? "slide" : "step"),
              "Flink's window functions require it; for example size = 1h with slide = 5min");
        }
        window = new WindowDef(type, size, slide, step, ws.origin());
      }
      List<String> groupBy = t.get(ConfigSchema.GROUP_BY);
      ConfigObject measures = t.object(ConfigSchema.MEASURES);
      if (measures != null && measures.isEmpty()) {
        problems.add(
            t.originOf(ConfigSchema.MEASURES),
            "'" + path + ".measures' is empty",
            "declare at least one measure, such as trade_count = \"COUNT(*)\"");
      }
      LateDef late = null;
      ConfigObject l = t.object(ConfigSchema.LATE);
      if (l != null) {
        Section ls =
            Section.read(path + ".late", l, List.of(ConfigSchema.TOPIC.required()), problems);
        late = new LateDef(ls.get(ConfigSchema.TOPIC), ls.origin());
      }
      return new DwsTableDef(
          name,
          ref(t, ConfigSchema.FROM, path),
          window,
          groupBy == null ? List.of() : groupBy,
          t.originOf(ConfigSchema.GROUP_BY),
          exprColumns(path + ".measures", measures),
          sinks(path, t.list(ConfigSchema.SINKS)),
          late,
          t.origin());
    }

    private Map<String, Object> freeSection(
        ConfigObject obj, String path, List<Option<?>> declared) {
      if (obj == null) {
        return Map.of();
      }
      Section s = Section.read(path, obj, declared, problems);
      Map<String, Object> out = new LinkedHashMap<>();
      for (Option<?> o : declared) {
        if (s.has(o)) {
          Object v = s.get(o);
          out.put(o.key(), v instanceof ConfigValue cv ? cv.unwrapped() : v);
        }
      }
      if (s.has(ConfigSchema.MAX_CORRECTION)) {
        String mc = s.get(ConfigSchema.MAX_CORRECTION);
        if (!mc.matches("\\d+(\\.\\d+)?%")) {
          problems.add(
              s.originOf(ConfigSchema.MAX_CORRECTION),
              "max-correction '" + mc + "' is not a percentage",
              "write it like 2% or 0.5%");
        }
      }
      if (s.has(ConfigSchema.SCHEDULE)
          && s.get(ConfigSchema.SCHEDULE).trim().split("\\s+").length != 5) {
        problems.add(
            s.originOf(ConfigSchema.SCHEDULE),
            "schedule '" + s.get(ConfigSchema.SCHEDULE) + "' is not a 5-field cron expression",
            "for 02:30 every night write \"30 2 * * *\"");
      }
      return out;
    }

    /**
     * The lineage section with its nested {@code alerts} and {@code history} blocks read against
     * their declared options (typed values, unknown keys reported with file and line).
     */
    private Map<String, Object> lineageSection(
        ConfigObject obj, Map<String, ConnectionDef> connections) {
      Map<String, Object> out = freeSection(obj, "lineage", ConfigSchema.LINEAGE_OPTIONS);
      if (obj == null) {
        return out;
      }
      out = new LinkedHashMap<>(out);
      if (obj.get(ConfigSchema.ALERTS.key()) instanceof ConfigObject alerts) {
        Section a = Section.read("lineage.alerts", alerts, ConfigSchema.ALERTS_OPTIONS, problems);
        Map<String, Object> typed = declaredValues(a, ConfigSchema.ALERT_RULE_OPTIONS);
        for (String rule : ConfigSchema.ALERT_RULES) {
          if (alerts.get(rule) instanceof ConfigObject r) {
            typed.put(
                rule,
                declaredValues(
                    Section.read(
                        "lineage.alerts." + rule, r, ConfigSchema.ALERT_RULE_OPTIONS, problems),
                    ConfigSchema.ALERT_RULE_OPTIONS));
          }
        }
        out.put(ConfigSchema.ALERTS.key(), typed);
      }
      if (obj.get(ConfigSchema.HISTORY.key()) instanceof ConfigObject history) {
        Section h =
            Section.read("lineage.history", history, ConfigSchema.HISTORY_OPTIONS, problems);
        String name = h.get(ConfigSchema.HISTORY_CONNECTION);
        ConnectionDef c = name == null ? null : connections.get(name);
        if (name != null && (c == null || !"clickhouse".equals(c.type()))) {
          problems.add(
              h.originOf(ConfigSchema.HISTORY_CONNECTION),
              "lineage.history.connection '" + name + "' is not a clickhouse connection",
              "name one of connections { <name> { type = clickhouse, url = ... } }");
        }
        out.put(ConfigSchema.HISTORY.key(), declaredValues(h, ConfigSchema.HISTORY_OPTIONS));
      }
      return out;
    }

    private static Map<String, Object> declaredValues(Section s, List<Option<?>> declared) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Option<?> o : declared) {
        if (s.has(o) && o.kind() != Option.Kind.SECTION) {
          out.put(o.key(), s.get(o));
        }
      }
      return out;
    }

    private TestCaseDef testCase(String name, ConfigObject obj) {
      String path = "tests." + name;
      Section t = Section.read(path, obj, ConfigSchema.TEST_CASE, problems);
      Map<TableRef, List<Map<String, Object>>> given =
          rowsByTable(path + ".given", t.object(ConfigSchema.GIVEN), null);
      Map<TableRef, Origin> expectOrigins = new LinkedHashMap<>();
      Map<TableRef, List<Map<String, Object>>> expect =
          rowsByTable(path + ".expect", t.object(ConfigSchema.EXPECT), expectOrigins);
      return new TestCaseDef(name, given, expect, expectOrigins, t.origin());
    }

    @SuppressWarnings("unchecked")
    private Map<TableRef, List<Map<String, Object>>> rowsByTable(
        String path, ConfigObject obj, Map<TableRef, Origin> origins) {
      Map<TableRef, List<Map<String, Object>>> out = new LinkedHashMap<>();
      if (obj == null) {
        return out;
      }
      for (Map.Entry<String, ConfigValue> e : Section.ordered(obj)) {
        Origin at = Origin.of(e.getValue().origin());
        TableRef ref = TableRef.parse(e.getKey());
        if (ref == null) {
          problems.add(
              at,
              "'" + e.getKey() + "' in '" + path + "' is not a table reference",
              "quote it: \"ods.trades\" = [ { ... } ]");
          continue;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        ConfigValue v = e.getValue();
        if (v.valueType() == ConfigValueType.STRING) {
          Path rowsFile = resolveRelative(at, (String) v.unwrapped());
          rows.addAll(readJsonLines(rowsFile, at));
        } else if (v.valueType() == ConfigValueType.LIST) {
          for (ConfigValue row : (ConfigList) v) {
            if (row.valueType() != ConfigValueType.OBJECT) {
              problems.add(
                  Origin.of(row.origin()),
                  "rows of '" + e.getKey() + "' must be objects { column = value }",
                  null);
              continue;
            }
            rows.add((Map<String, Object>) row.unwrapped());
          }
        } else {
          problems.add(
              at,
              "'" + e.getKey() + "' in '" + path + "' must be a list of rows or a .jsonl file path",
              null);
          continue;
        }
        out.put(ref, rows);
        if (origins != null) {
          origins.put(ref, at);
        }
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readJsonLines(Path path, Origin at) {
      List<Map<String, Object>> rows = new ArrayList<>();
      try {
        com.fasterxml.jackson.databind.ObjectMapper mapper =
            new com.fasterxml.jackson.databind.ObjectMapper();
        int n = 0;
        for (String line : Files.readAllLines(path)) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          try {
            rows.add(mapper.readValue(line, Map.class));
          } catch (IOException e) {
            problems.add(
                new Origin(path.toString(), n),
                "not a JSON object: " + firstLine(e.getMessage()),
                null);
          }
        }
      } catch (IOException e) {
        problems.add(at, "cannot read rows file " + path + ": " + e.getMessage(), null);
      }
      return rows;
    }
  }
}
