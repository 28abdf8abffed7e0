package io.strata.connectors.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface, the subset Strata needs: statements, TSV reads and binary inserts.
 *
 * <p>Deliberately not the official Java client: every {@code com.clickhouse} driver fails against
 * ClickHouse 18.16 (unknown settings and functions at connect time), and its HTTP responses must
 * not be compressed (18.16 returns empty compressed bodies), so requests never ask for compression.
 * Nothing here uses a feature newer than 18.16: no {@code INSERT ... SETTINGS}, no {@code
 * X-ClickHouse-Format} header, no session.
 */
public final class ClickHouseHttp {

  /**
   * A statement ClickHouse refused or that could not reach it; {@link #transient_} says whether to
   * retry.
   */
  public static final class ClickHouseException extends IOException {
    private final int code;
    private final int httpStatus;
    private final boolean transient_;

    ClickHouseException(
        String message, int code, int httpStatus, boolean transient_, Throwable cause) {
      super(message, cause);
      this.code = code;
      this.httpStatus = httpStatus;
      this.transient_ = transient_;
    }

    /** ClickHouse's error code (e.g. 60 unknown table), -1 when the server did not answer. */
    public int code() {
      return code;
    }

    public int httpStatus() {
      return httpStatus;
    }

    /** True when trying again later may succeed (server down, overloaded, timed out). */
    public boolean isTransient() {
      return transient_;
    }
  }

  /** Error codes that say "not now" rather than "never". */
  static final Set<Integer> TRANSIENT_CODES =
      Set.of(
          3, // UNEXPECTED_END_OF_FILE (connection cut mid-request)
          159, // TIMEOUT_EXCEEDED
          164, // READONLY (a replica during start-up)
          202, // TOO_MANY_SIMULTANEOUS_QUERIES
          203, // NO_FREE_CONNECTION
          209, // SOCKET_TIMEOUT
          210, // NETWORK_ERROR
          241, // MEMORY_LIMIT_EXCEEDED
          242, // TABLE_IS_READ_ONLY
          252, // TOO_MANY_PARTS
          285, // TOO_FEW_LIVE_REPLICAS
          319, // UNKNOWN_STATUS_OF_INSERT
          394, // QUERY_WAS_CANCELLED (server shutting down)
          425, // SYSTEM_ERROR
          999); // KEEPER_EXCEPTION

  private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

  private final URI base;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient client;

  public ClickHouseHttp(String url, String user, String password, Duration requestTimeout) {
    String u = url.endsWith("/") ? url : url + "/";
    this.base = URI.create(u);
    String credentials =
        (user == null ? "default" : user) + ":" + (password == null ? "" : password);
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Runs a statement that returns nothing (DDL). */
  public void execute(String sql) throws ClickHouseException {
    send(base, HttpRequest.BodyPublishers.ofString(sql), sql);
  }

  /** Runs a query and returns its rows as TabSeparated fields (escapes undone). */
  public List<List<String>> query(String sql) throws ClickHouseException {
    String body =
        send(base, HttpRequest.BodyPublishers.ofString(sql + "\nFORMAT TabSeparated"), sql);
    List<List<String>> rows = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      for (String f : line.split("\t", -1)) {
        fields.add(unescapeTsv(f));
      }
      rows.add(fields);
    }
    return rows;
  }

  /** Inserts a RowBinary body into the table's listed columns. */
  public void insertRowBinary(
      String qualifiedTable, List<String> columns, byte[] body, int offset, int length)
      throws ClickHouseException {
    String sql =
        "INSERT INTO "
            + qualifiedTable
            + " ("
            + String.join(", ", columns.stream().map(ClickHouseSql::name).toList())
            + ") FORMAT RowBinary";
    URI uri = URI.create(base + "?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    send(uri, HttpRequest.BodyPublishers.ofByteArray(body, offset, length), sql);
  }

  /** True if the server answers {@code /ping}. */
  public boolean ping() {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(base.resolve("ping"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String endpoint() {
    return base.toString();
  }

  private String send(URI uri, HttpRequest.BodyPublisher body, String sql)
      throws ClickHouseException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Authorization", authorization)
            .POST(body)
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClickHouseException(
          "ClickHouse at " + base + " did not answer: " + e, -1, -1, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseException(
          "interrupted while waiting for ClickHouse at " + base, -1, -1, false, e);
    }
    if (response.statusCode() == 200) {
      return response.body();
    }
    String text = response.body() == null ? "" : response.body().trim();
    Matcher m = CODE.matcher(text);
    int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
    int status = response.statusCode();
    boolean retry =
        status == 502
            || status == 503
            || status == 504
            || TRANSIENT_CODES.contains(code)
            || (code == -1 && status >= 500);
    throw new ClickHouseException(
        "ClickHouse refused " + abbreviate(sql) + " (HTTP " + status + "): " + abbreviate(text),
        code,
        status,
        retry,
        null);
  }

  static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }

  static String unescapeTsv(String f) {
    if (f.indexOf('\\') < 0) {
      return f;
    }
    StringBuilder sb = new StringBuilder(f.length());
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '\\' && i + 1 < f.length()) {
        char n = f.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '0' -> sb.append('\0');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          default -> sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
