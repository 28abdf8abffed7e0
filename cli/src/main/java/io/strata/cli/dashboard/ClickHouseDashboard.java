package io.strata.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DwsTableDef;
import io.strata.layers.definition.ExprColumn;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.generate.Sql;
import io.strata.layers.plan.LayerGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small live dashboard over a DWS table written to ClickHouse: the page asks for the newest
 * windows every second, and the server reads them the way a dashboard should, through {@code FINAL}
 * so that a row written twice (after a restore or a replay) counts once.
 */
public final class ClickHouseDashboard implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConnectionDef connection;
  private final String query;
  private final String title;

  private ClickHouseDashboard(
      HttpServer server, ConnectionDef connection, String query, String title) {
    this.server = server;
    this.connection = connection;
    this.query = query;
    this.title = title;
  }

  /** Serves the dashboard of {@code dwsTable} (e.g. symbol_minute) on 127.0.0.1:{@code port}. */
  public static ClickHouseDashboard start(LayerGraph graph, String dwsTable, int port, int windows)
      throws IOException {
    DwsTableDef t = graph.pipeline().dws().get(dwsTable);
    if (t == null) {
      throw new IllegalArgumentException(
          "no DWS table '"
              + dwsTable
              + "' in the pipeline; tables: "
              + graph.pipeline().dws().keySet());
    }
    SinkDef sink =
        t.sinks().stream()
            .filter(s -> s.type().equals("clickhouse"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("dws." + dwsTable + " has no clickhouse sink"));
    ConnectionDef c = graph.pipeline().connections().get(sink.connection());
    String table = sink.options().getOrDefault("table", "dws_" + dwsTable);
    String database = c.options().getOrDefault("database", "default");
    String sql = query(database, table, t, windows);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    ClickHouseDashboard d = new ClickHouseDashboard(server, c, sql, "dws." + dwsTable);
    server.createContext("/data", d::data);
    server.createContext("/", d::page);
    server.start();
    return d;
  }

  /** The newest windows of the table, read through FINAL, as ClickHouse JSON. */
  static String query(String database, String table, DwsTableDef t, int windows) {
    List<String> columns = new ArrayList<>(List.of("window_start"));
    columns.addAll(t.groupBy());
    t.measures().stream().map(ExprColumn::name).forEach(columns::add);
    return "SELECT "
        + Sql.names(columns)
        + " FROM "
        + database
        + "."
        + table
        + " FINAL"
        + " WHERE window_start >= (SELECT max(window_start) FROM "
        + database
        + "."
        + table
        + ") - "
        + (long) (windows - 1) * windowMillis(t)
        + " ORDER BY window_start DESC"
        + (t.groupBy().isEmpty() ? "" : ", " + Sql.names(t.groupBy()))
        + " FORMAT JSON";
  }

  private static long windowMillis(DwsTableDef t) {
    return t.window().type().equals("hop")
        ? t.window().slide().toMillis()
        : t.window().type().equals("cumulate")
            ? t.window().step().toMillis()
            : t.window().size().toMillis();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The JSON ClickHouse returns for the dashboard query (what the page renders). */
  public String fetch() throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(connection.option("url").replaceAll("/+$", "") + "/"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(query));
    String user = connection.options().getOrDefault("username", "default");
    String password = connection.options().getOrDefault("password", "");
    req.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "ClickHouse answered " + r.statusCode() + ": " + r.body().lines().findFirst().orElse(""));
    }
    return r.body();
  }

  private void data(HttpExchange ex) throws IOException {
    byte[] body;
    int status = 200;
    try {
      body = fetch().getBytes(StandardCharsets.UTF_8);
    } catch (IOException | InterruptedException e) {
      status = 502;
      body =
          ("{\"error\":\"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    send(ex, status, "application/json", body);
  }

  private void page(HttpExchange ex) throws IOException {
    try (InputStream in = ClickHouseDashboard.class.getResourceAsStream("dashboard.html")) {
      String html =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{title}}", title);
      send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
