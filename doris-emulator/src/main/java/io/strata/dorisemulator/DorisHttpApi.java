package io.strata.dorisemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP endpoints of the emulated FE and BE (one port serves both; {@code /api/backends} names
 * this same address as the only BE). Response bodies follow Doris's documented shapes; see
 * docs/doris.md for the list and for what is not emulated.
 */
final class DorisHttpApi implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEMA = Pattern.compile("/api/([^/]+)/([^/]+)/_schema");
  private static final Pattern STREAM_LOAD = Pattern.compile("/api/([^/]+)/([^/]+)/_stream_load");
  private static final Pattern TWO_PC =
      Pattern.compile("/api/([^/]+)(?:/([^/]+))?/_stream_load_2pc");
  private static final Pattern QUERY = Pattern.compile("/api/query/([^/]+)/([^/]+)");

  private final Catalog catalog;
  private final TransactionManager transactions;
  private final String host;
  private volatile int port;
  private final Map<String, String> errorLogs = new ConcurrentHashMap<>();

  DorisHttpApi(Catalog catalog, TransactionManager transactions, String host) {
    this.catalog = catalog;
    this.transactions = transactions;
    this.host = host;
  }

  void port(int port) {
    this.port = port;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      Matcher m;
      if (path.equals("/") || path.equals("/api/health")) {
        // The connector's liveness probe only needs a status below 500.
        text(ex, 200, "Doris protocol emulator (Strata test double, not Apache Doris)\n");
      } else if (path.equals("/api/_load_error_log") && method.equals("GET")) {
        // Served by the BE without authentication, like Doris's ErrorURL.
        String file = query(ex, "file");
        String log = file == null ? null : errorLogs.get(file);
        text(ex, log == null ? 404 : 200, log == null ? "no such error log\n" : log);
      } else if (!authorised(ex)) {
        json(ex, 401, restError(401, "Need auth information."));
      } else if (path.equals("/api/backends") && method.equals("GET")) {
        backends(ex);
      } else if ((m = SCHEMA.matcher(path)).matches() && method.equals("GET")) {
        schema(ex, decode(m.group(1)), decode(m.group(2)));
      } else if ((m = TWO_PC.matcher(path)).matches() && method.equals("PUT")) {
        twoPhaseCommit(ex, decode(m.group(1)));
      } else if ((m = STREAM_LOAD.matcher(path)).matches() && method.equals("PUT")) {
        streamLoad(ex, decode(m.group(1)), decode(m.group(2)));
      } else if ((m = QUERY.matcher(path)).matches() && method.equals("POST")) {
        statement(ex, decode(m.group(2)));
      } else if (path.equals("/api/_emulator/transactions") && method.equals("GET")) {
        emulatorTransactions(ex, query(ex, "db"));
      } else {
        json(
            ex,
            404,
            restError(
                404,
                "the Doris emulator does not serve "
                    + method
                    + " "
                    + path
                    + " (see docs/doris.md)"));
      }
    } catch (RuntimeException e) {
      json(ex, 500, restError(1, "emulator error: " + e));
    } finally {
      ex.close();
    }
  }

  // --- FE endpoints -----------------------------------------------------------------------------

  private void backends(HttpExchange ex) throws IOException {
    ObjectNode be = JSON.createObjectNode();
    be.put("ip", host);
    be.put("http_port", port);
    be.put("is_alive", true);
    ObjectNode data = JSON.createObjectNode();
    data.putArray("backends").add(be);
    json(ex, 200, restOk(data));
  }

  private void schema(HttpExchange ex, String db, String table) throws IOException {
    DorisTable t = catalog.table(db, table);
    if (t == null) {
      json(
          ex,
          200,
          restError(1, "errCode = 2, detailMessage = Unknown table '" + table + "' in " + db));
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    ArrayNode props = data.putArray("properties");
    for (DorisColumn c : t.columns()) {
      ObjectNode p = props.addObject();
      p.put("name", c.name());
      p.put("aggregation_type", t.isKey(c.name()) ? "" : "NONE");
      p.put("comment", c.comment());
      p.put("type", c.type().schemaName());
      if (c.type().name().equals("DECIMAL")) {
        p.put("precision", String.valueOf(c.type().precision()));
        p.put("scale", String.valueOf(c.type().scale()));
      }
      p.put("is_nullable", c.nullable() ? "Yes" : "No");
      p.put("is_key", t.isKey(c.name()) ? "Yes" : "No");
    }
    data.put("keysType", "UNIQUE_KEYS");
    data.put("status", 200);
    json(ex, 200, restOk(data));
  }

  /**
   * {@code POST /api/query/<ns>/<db>} with {@code {"stmt": "..."}}: DDL, SHOW [TEMPORARY]
   * PARTITIONS and one-table SELECT.
   */
  private void statement(HttpExchange ex, String db) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      body = JSON.readTree(in.readAllBytes());
    } catch (IOException e) {
      json(ex, 200, restError(1, "the body must be JSON {\"stmt\": \"...\"}"));
      return;
    }
    String stmt = body == null || body.get("stmt") == null ? null : body.get("stmt").asText();
    if (stmt == null || stmt.isBlank()) {
      json(ex, 200, restError(1, "missing stmt"));
      return;
    }
    long start = System.currentTimeMillis();
    try {
      DorisDdl.Statement parsed = DorisDdl.parse(stmt, db);
      if (parsed instanceof DorisDdl.Select select) {
        resultSet(ex, catalog.select(select), start);
        return;
      }
      if (parsed instanceof DorisDdl.ShowPartitions show) {
        resultSet(ex, catalog.showPartitions(show), start);
        return;
      }
      catalog.execute(parsed);
    } catch (DorisDdl.Unsupported | Catalog.DdlError e) {
      json(ex, 200, restError(1, e.getMessage()));
      return;
    } catch (SQLException e) {
      json(
          ex,
          200,
          restError(
              1, "errCode = 2, detailMessage = the emulator's MariaDB refused: " + e.getMessage()));
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("type", "exec_status");
    data.putObject("status");
    ObjectNode out = restOk(data);
    out.put("time", System.currentTimeMillis() - start);
    json(ex, 200, out);
  }

  /**
   * Doris's answer to a query: {@code data.type = result_set}, {@code data.meta} (name, type),
   * {@code data.data} rows.
   */
  private static void resultSet(HttpExchange ex, Catalog.ResultSet rs, long start)
      throws IOException {
    ObjectNode data = JSON.createObjectNode();
    data.put("type", "result_set");
    ArrayNode rows = data.putArray("data");
    for (java.util.List<String> r : rs.rows()) {
      ArrayNode row = rows.addArray();
      for (int i = 0; i < r.size(); i++) {
        String v = r.get(i);
        String type = rs.columns().get(i).type().name();
        if (v == null) {
          row.addNull();
        } else if (java.util.List.of("TINYINT", "SMALLINT", "INT", "BIGINT").contains(type)) {
          row.add(Long.parseLong(v));
        } else if (type.equals("DATETIME")) {
          // As Doris prints DATETIME(p): p fraction digits, whatever the store kept.
          int p = rs.columns().get(i).type().precision();
          row.add(
              DorisDdl.dateTime(v)
                  .format(
                      java.time.format.DateTimeFormatter.ofPattern(
                          "yyyy-MM-dd HH:mm:ss" + (p == 0 ? "" : "." + "S".repeat(p)))));
        } else {
          row.add(v);
        }
      }
    }
    ArrayNode meta = data.putArray("meta");
    for (DorisColumn c : rs.columns()) {
      meta.addObject().put("name", c.name()).put("type", c.type().schemaName());
    }
    data.putObject("status");
    data.put("time", System.currentTimeMillis() - start);
    json(ex, 200, restOk(data));
  }

  // --- BE endpoints -----------------------------------------------------------------------------

  private void streamLoad(HttpExchange ex, String db, String table) throws IOException {
    long start = System.currentTimeMillis();
    String label = header(ex, "label");
    if (label == null || label.isBlank()) {
      label = UUID.randomUUID().toString();
    }
    boolean twoPhase = "true".equalsIgnoreCase(header(ex, "two_phase_commit"));
    DorisTable t = catalog.table(db, table);
    if (t == null) {
      respondLoad(
          ex,
          loadResponse(
              -1,
              label,
              twoPhase,
              "Fail",
              "[ANALYSIS_ERROR]TStatus: errCode = 7, detailMessage = unknown table, tableName="
                  + table,
              0,
              0,
              0,
              0,
              start,
              null));
      return;
    }
    StreamLoadFormat format;
    try {
      format = new StreamLoadFormat(t, name -> header(ex, name));
    } catch (StreamLoadFormat.LoadFailed e) {
      respondLoad(
          ex, loadResponse(-1, label, twoPhase, "Fail", e.getMessage(), 0, 0, 0, 0, start, null));
      return;
    }
    TemporaryPartition temporary = null;
    String temporaryHeader = header(ex, "temporary_partitions");
    if (temporaryHeader != null) {
      String name = temporaryHeader.trim();
      if (name.contains(",")) {
        respondLoad(
            ex,
            loadResponse(
                -1,
                label,
                twoPhase,
                "Fail",
                "the Doris emulator loads into one temporary partition at a time, got "
                    + temporaryHeader,
                0,
                0,
                0,
                0,
                start,
                null));
        return;
      }
      temporary = catalog.temporaryPartition(db, table, name);
      if (temporary == null) {
        respondLoad(
            ex,
            loadResponse(
                -1,
                label,
                twoPhase,
                "Fail",
                "[ANALYSIS_ERROR]TStatus: errCode = 2, detailMessage = Unknown partition '"
                    + name
                    + "' in table '"
                    + table
                    + "'",
                0,
                0,
                0,
                0,
                start,
                null));
        return;
      }
    }
    Transaction txn;
    try {
      txn = transactions.begin(db, table, label, twoPhase);
    } catch (TransactionManager.LabelInUse e) {
      ObjectNode resp =
          loadResponse(
              -1,
              label,
              twoPhase,
              "Label Already Exists",
              "errCode = 2, detailMessage = " + e.getMessage(),
              0,
              0,
              0,
              0,
              start,
              null);
      // Doris prints ExistingJobStatus right after Status.
      ObjectNode ordered = JSON.createObjectNode();
      resp.fields()
          .forEachRemaining(
              f -> {
                ordered.set(f.getKey(), f.getValue());
                if (f.getKey().equals("Status")) {
                  ordered.put("ExistingJobStatus", e.holder().existingJobStatus());
                }
              });
      respondLoad(ex, ordered);
      return;
    } catch (SQLException e) {
      respondLoad(
          ex,
          loadResponse(
              -1,
              label,
              twoPhase,
              "Fail",
              "begin transaction failed: " + e.getMessage(),
              0,
              0,
              0,
              0,
              start,
              null));
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    } catch (IOException e) {
      // The client went away mid-body (a killed Flink task): Doris cancels the load and aborts.
      transactions.abort(txn, "stream load body was not received completely: " + e.getMessage());
      log(
          "stream load "
              + db
              + "."
              + table
              + " label "
              + label
              + " txn "
              + txn.id()
              + ": aborted, the client went away ("
              + e.getMessage()
              + ")");
      throw e;
    }
    StreamLoadFormat.Rows rows;
    try {
      rows = format.read(body);
    } catch (StreamLoadFormat.LoadFailed e) {
      transactions.abort(txn, e.getMessage());
      respondLoad(
          ex,
          loadResponse(
              txn.id(),
              label,
              twoPhase,
              "Fail",
              e.getMessage(),
              0,
              0,
              0,
              body.length,
              start,
              null));
      return;
    }
    if (temporary != null) {
      txn.intoTemporaryPartition(temporary.name());
      rows = onlyInRange(t, temporary, rows);
    }
    long filtered = rows.filtered().size();
    String errorUrl = null;
    if (filtered > 0) {
      String file =
          "__shard_0/error_log_insert_stmt_" + txn.id() + "_" + Math.abs(label.hashCode());
      errorLogs.put(file, String.join("\n", rows.filtered()) + "\n");
      errorUrl = "http://" + host + ":" + port + "/api/_load_error_log?file=" + file;
    }
    if (rows.total() > 0 && filtered > format.maxFilterRatio() * rows.total()) {
      transactions.abort(txn, "too many filtered rows");
      respondLoad(
          ex,
          loadResponse(
              txn.id(),
              label,
              twoPhase,
              "Fail",
              "[DATA_QUALITY_ERROR]too many filtered rows",
              rows.total(),
              rows.accepted().size(),
              filtered,
              body.length,
              start,
              errorUrl));
      return;
    }
    try {
      if (twoPhase) {
        transactions.preCommit(txn, rows.accepted());
      } else {
        transactions.commitNow(txn, rows.accepted());
      }
    } catch (SQLException | IllegalStateException e) {
      transactions.abort(txn, e.getMessage());
      respondLoad(
          ex,
          loadResponse(
              txn.id(),
              label,
              twoPhase,
              "Fail",
              "errCode = 2, detailMessage = " + e.getMessage(),
              rows.total(),
              0,
              filtered,
              body.length,
              start,
              errorUrl));
      return;
    }
    respondLoad(
        ex,
        loadResponse(
            txn.id(),
            label,
            twoPhase,
            "Success",
            "OK",
            rows.total(),
            rows.accepted().size(),
            filtered,
            body.length,
            start,
            errorUrl));
  }

  /**
   * Rows outside the temporary partition's range are filtered, as Doris filters a row with no
   * partition.
   */
  private static StreamLoadFormat.Rows onlyInRange(
      DorisTable t, TemporaryPartition p, StreamLoadFormat.Rows rows) {
    int index = t.columns().indexOf(t.column(t.partitionColumn()));
    java.util.List<LoadedRow> accepted = new java.util.ArrayList<>();
    java.util.List<String> filtered = new java.util.ArrayList<>(rows.filtered());
    for (LoadedRow r : rows.accepted()) {
      Object v = r.values()[index];
      if (v != null && p.contains(DorisDdl.dateTime(v.toString()))) {
        accepted.add(r);
      } else {
        filtered.add(
            "Reason: no partition for this tuple. tuple="
                + java.util.Arrays.toString(r.values())
                + " (temporary partition "
                + p.name()
                + " holds "
                + t.partitionColumn()
                + " in "
                + p.range()
                + ")");
      }
    }
    return new StreamLoadFormat.Rows(accepted, filtered, rows.total());
  }

  private void twoPhaseCommit(HttpExchange ex, String db) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    String op = header(ex, "txn_operation");
    String txnText = header(ex, "txn_id");
    String label = header(ex, "label");
    ObjectNode out = JSON.createObjectNode();
    if (op == null || !(op.equalsIgnoreCase("commit") || op.equalsIgnoreCase("abort"))) {
      out.put("status", "Fail");
      out.put("msg", "txn_operation must be commit or abort");
      json(ex, 200, out);
      return;
    }
    Long txnId = null;
    if (txnText != null && !txnText.isBlank()) {
      try {
        txnId = Long.parseLong(txnText.trim());
      } catch (NumberFormatException e) {
        out.put("status", "Fail");
        out.put("msg", "txn_id must be a number, got " + txnText);
        json(ex, 200, out);
        return;
      }
    } else if (label == null || label.isBlank()) {
      out.put("status", "Fail");
      out.put("msg", "give txn_id or label");
      json(ex, 200, out);
      return;
    }
    TransactionManager.Outcome o =
        op.equalsIgnoreCase("commit")
            ? transactions.commit(db, txnId, label)
            : transactions.abort(db, txnId, label);
    out.put("status", o.success() ? "Success" : "Fail");
    out.put("msg", o.message());
    log(
        "2pc "
            + op.toLowerCase(java.util.Locale.ROOT)
            + " "
            + db
            + " "
            + (txnId != null ? "txn " + txnId : "label " + label)
            + ": "
            + (o.success() ? "Success" : "Fail")
            + ", "
            + o.message());
    json(ex, 200, out);
  }

  private void emulatorTransactions(HttpExchange ex, String db) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (Transaction t : transactions.transactions(db)) {
      ObjectNode o = list.addObject();
      o.put("TxnId", t.id());
      o.put("Db", t.database());
      o.put("Table", t.table());
      o.put("Label", t.label());
      o.put("TwoPhaseCommit", t.twoPhase());
      o.put("TransactionStatus", t.status().name());
      o.put("Reason", t.reason());
      o.put("LoadedRows", t.loadedRows());
    }
    json(ex, 200, restOk(list));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** The stream load answer, fields in the order Doris's BE writes them. */
  private static ObjectNode loadResponse(
      long txnId,
      String label,
      boolean twoPhase,
      String status,
      String message,
      long total,
      long loaded,
      long filtered,
      long bytes,
      long start,
      String errorUrl) {
    ObjectNode o = JSON.createObjectNode();
    o.put("TxnId", txnId);
    o.put("Label", label);
    o.put("Comment", "");
    o.put("TwoPhaseCommit", twoPhase ? "true" : "false");
    o.put("Status", status);
    o.put("Message", message);
    o.put("NumberTotalRows", total);
    o.put("NumberLoadedRows", loaded);
    o.put("NumberFilteredRows", filtered);
    o.put("NumberUnselectedRows", 0);
    o.put("LoadBytes", bytes);
    o.put("LoadTimeMs", System.currentTimeMillis() - start);
    o.put("BeginTxnTimeMs", 0);
    o.put("StreamLoadPutTimeMs", 0);
    o.put("ReadDataTimeMs", 0);
    o.put("WriteDataTimeMs", 0);
    o.put("CommitAndPublishTimeMs", 0);
    if (errorUrl != null) {
      o.put("ErrorURL", errorUrl);
    }
    return o;
  }

  private static void respondLoad(HttpExchange ex, ObjectNode body) throws IOException {
    log(
        "stream load "
            + ex.getRequestURI().getPath()
            + " label "
            + body.path("Label").asText()
            + " txn "
            + body.path("TxnId").asLong()
            + ": "
            + body.path("Status").asText()
            + ", "
            + body.path("NumberLoadedRows").asLong()
            + " rows"
            + (body.path("Status").asText().equals("Success")
                ? ""
                : " (" + body.path("Message").asText() + ")"));
    json(ex, 200, body);
  }

  /** One line per load and per 2PC operation in the service log, for whoever debugs a run. */
  private static void log(String line) {
    System.out.println(java.time.Instant.now() + " " + line);
  }

  private static ObjectNode restOk(JsonNode data) {
    ObjectNode o = JSON.createObjectNode();
    o.put("msg", "success");
    o.put("code", 0);
    o.set("data", data);
    o.put("count", 0);
    return o;
  }

  private static ObjectNode restError(int code, String msg) {
    ObjectNode o = JSON.createObjectNode();
    o.put("msg", msg);
    o.put("code", code);
    o.putNull("data");
    o.put("count", 0);
    return o;
  }

  private static boolean authorised(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    return auth != null && auth.startsWith("Basic ");
  }

  private static String header(HttpExchange ex, String name) {
    return ex.getRequestHeaders().getFirst(name);
  }

  private static String query(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String part : q.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0 && decode(part.substring(0, eq)).equals(name)) {
        return decode(part.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    send(ex, status, bytes);
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
