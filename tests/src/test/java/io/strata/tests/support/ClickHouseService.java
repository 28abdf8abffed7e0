package io.strata.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real ClickHouse server that end-to-end tests talk to, as started by {@code bin/services start
 * clickhouse} (Debian's clickhouse-server with its own config and ports).
 *
 * <p>The URL comes from {@code STRATA_CLICKHOUSE_URL} (set by {@code bin/test}), else from the
 * {@code endpoint} file that {@code bin/services} writes; if no server answers, this class runs
 * {@code bin/services start clickhouse} itself and throws if that fails: a test that needs
 * ClickHouse fails when ClickHouse is absent, it never passes silently.
 */
public final class ClickHouseService {

  static final String URL_ENV = "STRATA_CLICKHOUSE_URL";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  private static String url;

  private ClickHouseService() {}

  /** The server's HTTP URL, e.g. {@code http://127.0.0.1:18123}; starts it if needed. */
  public static synchronized String url() {
    if (url == null) {
      url = locateOrStart();
    }
    return url;
  }

  /** A database name no earlier run used. */
  public static String uniqueDatabase(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Runs a statement (DDL, INSERT ... VALUES). */
  public static void execute(String sql) {
    post(sql);
  }

  /** Runs a query; rows of TabSeparated fields. */
  public static List<List<String>> query(String sql) {
    String body = post(sql + "\nFORMAT TabSeparated");
    List<List<String>> rows = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        rows.add(List.of(line.split("\t", -1)));
      }
    }
    return rows;
  }

  /** The single number a query such as {@code SELECT count() ...} returns. */
  public static long queryLong(String sql) {
    return Long.parseLong(query(sql).get(0).get(0));
  }

  /** True if the server answers {@code /ping} now. */
  public static boolean answers() {
    return answers(url());
  }

  /** Stops the server, keeping its data (as an outage would). */
  public static void stopKeepingData() {
    runServicesScript(repoRoot(), "stop", "--keep-data", "clickhouse");
  }

  /** Starts the server again (on the same data). */
  public static void start() {
    runServicesScript(repoRoot(), "start", "clickhouse");
  }

  private static String post(String sql) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/"))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString(sql))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "ClickHouse refused (HTTP " + r.statusCode() + "): " + sql + "\n" + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("ClickHouse at " + url() + " did not answer: " + sql, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Finding or starting the server
  // ------------------------------------------------------------------------------------------

  private static String locateOrStart() {
    String fromEnv = System.getenv(URL_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      String address = fromEnv.trim().replaceAll("/+$", "");
      if (!answers(address)) {
        throw new IllegalStateException(
            URL_ENV
                + "="
                + address
                + " but no ClickHouse answers there."
                + " Start it with 'bin/services start clickhouse' or unset "
                + URL_ENV
                + ".");
      }
      return address;
    }
    Path repo = repoRoot();
    Path endpoint = stateDir(repo).resolve("clickhouse").resolve("endpoint");
    Optional<String> running = readAddress(endpoint).filter(ClickHouseService::answers);
    if (running.isPresent()) {
      return running.get();
    }
    runServicesScript(repo, "start", "clickhouse");
    return readAddress(endpoint)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "'bin/services start clickhouse' succeeded but wrote no " + endpoint));
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("services"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No ClickHouse: "
            + URL_ENV
            + " is not set and no bin/services was found above "
            + Path.of("").toAbsolutePath()
            + ". Run the tests with bin/test.");
  }

  private static Path stateDir(Path repo) {
    String configured = System.getenv("STRATA_STATE_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : repo.resolve(".strata").resolve("services");
  }

  private static Optional<String> readAddress(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void runServicesScript(Path repo, String... args) {
    List<String> command =
        new ArrayList<>(List.of("bash", repo.resolve("bin").resolve("services").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    String output;
    int exit;
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "'bin/services "
                + String.join(" ", args)
                + "' did not finish within "
                + START_TIMEOUT
                + ":\n"
                + output);
      }
      exit = process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run bin/services " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running bin/services", e);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "'bin/services " + String.join(" ", args) + "' failed (exit " + exit + "):\n" + output);
    }
  }

  private static boolean answers(String address) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(address + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().startsWith("Ok.");
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
