package io.strata.lineage.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.connectors.clickhouse.ClickHouseHttp;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.collect.FlowSample;
import io.strata.lineage.corrections.BackfillCorrections;
import io.strata.lineage.flow.FlowEdge;
import io.strata.lineage.flow.FlowGraph;
import io.strata.lineage.health.HealthMonitor;
import io.strata.lineage.health.LineageSettings;
import io.strata.lineage.history.ClickHouseHistoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The page and JSON API of the lineage service, on the JDK's HTTP server (no extra dependency).
 * Binds 127.0.0.1 by default; bound anywhere else it refuses to start without a token, and then
 * every request needs {@code Authorization: Bearer <token>} (or {@code ?token=} for the page).
 *
 * <pre>
 * GET /                     the page (graph coloured by health; click a table for column lineage)
 * GET /api/health           everything: job, tables, sinks, edges, checkpoints, capacity, alerts
 * GET /api/graph            the static graph: tables, columns, sinks, dead-letter topics, edges
 * GET /api/columns?table=   column lineage of a table: column -> upstream columns
 * GET /api/alerts           active alerts and the recent raise/clear transitions
 * GET /api/history?table=&counter=&since=   [epoch ms, value] pairs (ClickHouse when lineage.history is set, else memory)
 * GET /api/history/alerts?since=   alerts raised and cleared
 * GET /api/capacity         parallelism advice
 * GET /api/corrections?runs= per table: the last backfill run (status, correction, rows changed) and the trend (/api/backfill: same)
 * </pre>
 */
final class LineageHttpServer {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final LayerGraph graph;
  private final FlowGraph flow;
  private final HealthMonitor monitor;
  private final LineageSettings settings;
  private final ClickHouseHistoryStore historyStore;
  private final BackfillCorrections corrections;
  private HttpServer server;

  LineageHttpServer(
      LayerGraph graph,
      HealthMonitor monitor,
      LineageSettings settings,
      ClickHouseHistoryStore historyStore,
      BackfillCorrections corrections) {
    this.graph = graph;
    this.corrections = corrections;
    this.historyStore = historyStore;
    this.flow = new FlowGraph(graph);
    this.monitor = monitor;
    this.settings = settings;
    if (!settings.loopbackOnly() && (settings.token() == null || settings.token().isBlank())) {
      throw new IllegalArgumentException(
          "the lineage service binds "
              + settings.bindAddress()
              + ", which is reachable from other machines: give it a token (--token or STRATA_LINEAGE_TOKEN), or bind 127.0.0.1");
    }
  }

  void start() throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()),
            32);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "strata-lineage-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    String host =
        settings.bindAddress().contains(":")
            ? "[" + settings.bindAddress() + "]"
            : settings.bindAddress();
    return "http://" + host + ":" + port() + "/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        send(ex, 405, "text/plain", "only GET");
        return;
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      if (!authorised(ex, q)) {
        send(ex, 401, "text/plain", "a token is required: Authorization: Bearer <token>");
        return;
      }
      String path = ex.getRequestURI().getPath();
      switch (path) {
        case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page());
        case "/api/health" ->
            json(
                ex,
                monitor.latest() == null
                    ? Map.of("status", "waiting for the first sample")
                    : monitor.latest());
        case "/api/graph" -> json(ex, graphJson());
        case "/api/columns" -> columns(ex, q.get("table"));
        case "/api/alerts" ->
            json(
                ex,
                Map.of(
                    "active",
                    monitor.alerts().active(),
                    "pending",
                    monitor.alerts().pending(),
                    "transitions",
                    monitor.alerts().transitions(),
                    "holdOffs",
                    monitor.alerts().holdOffs()));
        case "/api/history" -> history(ex, q.get("table"), q.get("counter"), q.get("since"));
        case "/api/history/alerts" -> alertHistory(ex, q.get("since"));
        case "/api/capacity" ->
            json(ex, monitor.latest() == null ? Map.of() : monitor.latest().capacity());
        case "/api/corrections", "/api/backfill" -> json(ex, corrections(q.get("runs")));
        default -> send(ex, 404, "text/plain", "no such page: " + path);
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain", "lineage service error: " + e);
    }
  }

  private boolean authorised(HttpExchange ex, Map<String, String> q) {
    if (settings.token() == null || settings.token().isBlank()) {
      return true;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    String given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).trim()
            : q.get("token");
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            settings.token().getBytes(StandardCharsets.UTF_8));
  }

  private void columns(HttpExchange ex, String table) throws IOException {
    TableRef t = table == null ? null : TableRef.parse(table);
    if (t == null || !graph.pipeline().defines(t)) {
      send(ex, 404, "text/plain", "no table '" + table + "'; use layer.table, e.g. dwd.trades");
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", t.toString());
    out.put("upstream", graph.upstreamOf(t).stream().map(TableRef::toString).toList());
    out.put("columns", graph.columnsOf(t));
    Map<String, List<String>> lineage = new LinkedHashMap<>();
    if (t.layer() == io.strata.layers.definition.Layer.ODS) {
      graph
          .columnsOf(t)
          .forEach(
              c ->
                  lineage.put(
                      c,
                      List.of(
                          "kafka:"
                              + graph.pipeline().ods().get(t.table()).source().topic()
                              + "."
                              + c)));
    } else {
      TableRef from = graph.upstreamOf(t).isEmpty() ? null : graph.upstreamOf(t).get(0);
      ColumnLineage.of(graph, t)
          .forEach((c, ins) -> lineage.put(c, ins.stream().map(i -> from + "." + i).toList()));
    }
    out.put("lineage", lineage);
    json(ex, out);
  }

  private Map<String, Object> graphJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pipeline", graph.pipeline().settings().name());
    List<Map<String, Object>> tables = new ArrayList<>();
    for (TableRef t : graph.order()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", t.toString());
      m.put("layer", t.layer().key());
      m.put("upstream", graph.upstreamOf(t).stream().map(TableRef::toString).toList());
      m.put("columns", graph.columnsOf(t));
      m.put("eventTime", graph.eventTimeOf(t));
      m.put("deadLetterTopic", flow.deadLetterTopicOf(t));
      if (t.layer() == io.strata.layers.definition.Layer.ODS) {
        m.put("source", "kafka:" + graph.pipeline().ods().get(t.table()).source().topic());
      }
      List<Map<String, Object>> sinks = new ArrayList<>();
      for (SinkDef s : flow.sinksOf(t)) {
        sinks.add(
            Map.of(
                "id",
                FlowGraph.sinkNode(t, s.index()),
                "index",
                s.index(),
                "description",
                FlowGraph.describeSink(s)));
      }
      m.put("sinks", sinks);
      m.put("freshnessSloMillis", settings.sloOf(t.toString()).toMillis());
      tables.add(m);
    }
    out.put("tables", tables);
    List<Map<String, Object>> edges = new ArrayList<>();
    for (FlowEdge e : flow.edges()) {
      edges.add(
          Map.of(
              "id",
              e.id(),
              "from",
              e.from(),
              "to",
              e.to(),
              "kind",
              e.kind().name().toLowerCase(java.util.Locale.ROOT),
              "balance",
              e.upstreamTable()
                  + "."
                  + e.upstreamCounter()
                  + " = "
                  + String.join(
                      " + ",
                      e.accountedBy().stream().map(c -> e.downstreamTable() + "." + c).toList())));
    }
    out.put("edges", edges);
    return out;
  }

  /**
   * One series ({@code counter} of {@code table}; {@code watermark} or {@code lag} for event time)
   * since {@code since}: from the ClickHouse store when there is one (so a restarted service still
   * has it), followed by the newer points still in memory.
   */
  private void history(HttpExchange ex, String table, String counter, String sinceText)
      throws IOException {
    List<FlowSample> samples = monitor.history().all();
    if (table == null) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (FlowSample s : samples) {
        out.add(
            Map.of(
                "at",
                s.at().toEpochMilli(),
                "state",
                s.jobState(),
                "counts",
                s.counts().asMap(),
                "watermarks",
                s.watermarks()));
      }
      json(ex, out);
      return;
    }
    Instant since;
    try {
      since = since(sinceText);
    } catch (IllegalArgumentException e) {
      send(ex, 400, "text/plain", e.getMessage());
      return;
    }
    String series = counter == null ? "watermark" : counter;
    List<long[]> points = new ArrayList<>();
    String source = "memory";
    if (historyStore != null) {
      String[] kn =
          switch (series) {
            case "watermark" -> new String[] {"watermark", "watermark"};
            case "lag" -> new String[] {"freshness", "lag_ms"};
            default -> new String[] {"counter", series};
          };
      try {
        points.addAll(historyStore.series(kn[0], table, kn[1], since));
        source = "clickhouse";
      } catch (ClickHouseHttp.ClickHouseException e) {
        source = "memory (ClickHouse: " + e.getMessage() + ")";
      }
    }
    long newestStored = points.isEmpty() ? Long.MIN_VALUE : points.get(points.size() - 1)[0];
    for (FlowSample s : samples) {
      long at = s.at().toEpochMilli();
      if (at <= newestStored || s.at().isBefore(since)) {
        continue;
      }
      Long v =
          switch (series) {
            case "watermark" -> s.watermarks().get(table);
            case "lag" ->
                s.watermarks().get(table) == null
                    ? null
                    : Math.max(0, at - s.watermarks().get(table));
            default -> s.counts().asMap().getOrDefault(table, Map.of()).get(series);
          };
      if (v != null) {
        points.add(new long[] {at, v});
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", table);
    out.put("counter", series);
    out.put("since", since.toEpochMilli());
    out.put("source", source);
    out.put("points", points);
    json(ex, out);
  }

  private void alertHistory(HttpExchange ex, String sinceText) throws IOException {
    Instant since;
    try {
      since = since(sinceText);
    } catch (IllegalArgumentException e) {
      send(ex, 400, "text/plain", e.getMessage());
      return;
    }
    if (historyStore != null) {
      try {
        json(ex, Map.of("source", "clickhouse", "transitions", historyStore.alerts(since)));
        return;
      } catch (ClickHouseHttp.ClickHouseException e) {
        // fall back to what is in memory
      }
    }
    json(
        ex,
        Map.of(
            "source",
            "memory",
            "transitions",
            monitor.alerts().transitions().stream().filter(t -> !t.at().isBefore(since)).toList()));
  }

  /**
   * {@code since}: epoch milliseconds, an ISO instant, or a duration back from now ({@code 2h});
   * default the in-memory span.
   */
  private Instant since(String text) {
    Instant now = Instant.now();
    if (text == null || text.isBlank()) {
      return now.minus(settings.history());
    }
    String t = text.trim();
    if (t.matches("\\d{10,}")) {
      return Instant.ofEpochMilli(Long.parseLong(t));
    }
    try {
      return Instant.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      java.time.Duration back = io.strata.layers.config.Section.parseDuration(t);
      if (back == null) {
        throw new IllegalArgumentException(
            "since='"
                + text
                + "': give epoch milliseconds, an ISO time (2026-11-24T08:00:00Z) or a duration back from now (2h)");
      }
      return now.minus(back);
    }
  }

  /**
   * Per table: the last backfill run (status, correction, rows changed) and the trend over the last
   * runs, newest first. {@code runs}: how many (default 10), read now instead of the cached
   * snapshot.
   */
  private Object corrections(String runs) {
    BackfillCorrections.Snapshot snap;
    if (runs != null && runs.matches("\\d{1,4}")) {
      snap = corrections.read(Integer.parseInt(runs));
    } else {
      snap = corrections.latest();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("available", snap.available());
    out.put("note", snap.note());
    out.put("readAt", snap.readAt());
    out.put("problems", snap.problems());
    Map<String, Object> perTable = new LinkedHashMap<>();
    for (TableRef t : graph.order()) {
      BackfillCorrections.TableCorrections c = snap.tables().get(t.toString());
      if (c != null) {
        perTable.put(t.toString(), c);
      }
    }
    // Tables the backfill reported that the pipeline no longer defines are kept, after the others.
    snap.tables().forEach(perTable::putIfAbsent);
    out.put("tables", perTable);
    return out;
  }

  private String page() throws IOException {
    try (InputStream in = LineageHttpServer.class.getResourceAsStream("lineage.html")) {
      if (in == null) {
        throw new IOException("lineage.html is missing from the lineage jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void json(HttpExchange ex, Object body) throws IOException {
    send(ex, 200, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
