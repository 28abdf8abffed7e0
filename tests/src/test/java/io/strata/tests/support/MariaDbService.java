package io.strata.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real MariaDB server that tests read, as started by {@code bin/services start mariadb}: the
 * address from STRATA_MARIADB_URL (set by bin/test) or the service's endpoint file, the password
 * from STRATA_MARIADB_PASSWORD_FILE or the service's password file. If the server does not answer,
 * this runs {@code bin/services start mariadb} and fails if that fails: never a silent pass.
 */
public final class MariaDbService {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static String url;
  private static String password;

  private MariaDbService() {}

  /** A connection as the strata user (no default database). */
  public static synchronized Connection connect() throws SQLException {
    if (url == null) {
      locateOrStart();
    }
    return DriverManager.getConnection(url, "strata", password);
  }

  /** Every row of a query, as column name to value (String, as MariaDB prints it). */
  public static List<Map<String, String>> query(String sql) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      ResultSetMetaData md = r.getMetaData();
      while (r.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), r.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The number of rows of a table, 0 if the table does not exist yet. */
  public static long count(String qualifiedTable) throws SQLException {
    try {
      return Long.parseLong(query("SELECT COUNT(*) AS n FROM " + qualifiedTable).get(0).get("n"));
    } catch (SQLException e) {
      if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
        return 0;
      }
      throw e;
    }
  }

  private static void locateOrStart() {
    String envUrl = System.getenv("STRATA_MARIADB_URL");
    String envPasswordFile = System.getenv("STRATA_MARIADB_PASSWORD_FILE");
    if (envUrl != null
        && !envUrl.isBlank()
        && envPasswordFile != null
        && !envPasswordFile.isBlank()) {
      // Set by bin/test (bin/services env): use that server, and fail if it does not answer.
      url = envUrl.trim();
      password =
          read(Path.of(envPasswordFile))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "STRATA_MARIADB_PASSWORD_FILE="
                              + envPasswordFile
                              + " is missing or empty"));
      try (Connection c = DriverManager.getConnection(url, "strata", password)) {
        return;
      } catch (SQLException e) {
        throw new IllegalStateException(
            "STRATA_MARIADB_URL="
                + url
                + " but MariaDB does not accept the strata user there: "
                + e.getMessage()
                + ". Start it with 'bin/services start mariadb' or unset STRATA_MARIADB_URL.",
            e);
      }
    }
    Path repo =
        repoRoot()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no bin/services above " + Path.of("").toAbsolutePath()));
    Path dir = stateDir(repo).resolve("mariadb");
    if (!answers(dir)) {
      runServices(repo, "mariadb");
    }
    String endpoint =
        read(dir.resolve("endpoint"))
            .orElseThrow(
                () -> new IllegalStateException("mariadb wrote no endpoint file in " + dir));
    url = "jdbc:mariadb://" + endpoint + "/";
    password =
        read(dir.resolve("password"))
            .orElseThrow(() -> new IllegalStateException("no MariaDB password file in " + dir));
  }

  private static boolean answers(Path dir) {
    Optional<String> endpoint = read(dir.resolve("endpoint"));
    Optional<String> pw = read(dir.resolve("password"));
    if (endpoint.isEmpty() || pw.isEmpty()) {
      return false;
    }
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:mariadb://" + endpoint.get() + "/?connectTimeout=2000", "strata", pw.get())) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  static Optional<Path> repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("services"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  static Path stateDir(Path repo) {
    String configured = System.getenv("STRATA_STATE_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : repo.resolve(".strata").resolve("services");
  }

  static Optional<String> read(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code bin/services start <name>}; throws with its output if it fails. */
  static void runServices(Path repo, String name) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", repo.resolve("bin").resolve("services").toString(), "start", name)
            .directory(repo.toFile())
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "'bin/services start " + name + "' did not finish in " + START_TIMEOUT + ":\n" + out);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "'bin/services start " + name + "' failed (exit " + p.exitValue() + "):\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }
}
