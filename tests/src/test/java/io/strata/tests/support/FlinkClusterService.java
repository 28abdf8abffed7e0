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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Flink 1.20 standalone session cluster (a JobManager and a TaskManager process) that
 * cluster tests submit to, as started by {@code bin/services start flink}.
 *
 * <p>The REST URL comes from {@code STRATA_FLINK_URL}, else from the {@code endpoint} file that
 * {@code bin/services} writes; if no cluster answers, this class runs {@code bin/services start
 * flink} itself and fails if that fails: a cluster test never passes without a cluster.
 */
public final class FlinkClusterService {
  static final String URL_ENV = "STRATA_FLINK_URL";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static String url;

  private FlinkClusterService() {}

  /** The cluster's REST URL ({@code http://127.0.0.1:18081}); starts the cluster if needed. */
  public static synchronized String restUrl() {
    if (url == null) {
      url = locateOrStart();
    }
    return url;
  }

  /** The repository root (where bin/services lives). */
  public static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("services"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no bin/services above "
            + Path.of("").toAbsolutePath()
            + "; run the tests from the repository");
  }

  private static String locateOrStart() {
    String fromEnv = System.getenv(URL_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (!answers(fromEnv.trim())) {
        throw new IllegalStateException(
            URL_ENV
                + "="
                + fromEnv
                + " but no Flink cluster with a TaskManager answers there."
                + " Start one with 'bin/services start flink' or unset "
                + URL_ENV
                + ".");
      }
      return fromEnv.trim();
    }
    Path repo = repoRoot();
    Path endpoint = stateDir(repo).resolve("flink").resolve("endpoint");
    Optional<String> running = read(endpoint).filter(FlinkClusterService::answers);
    if (running.isPresent()) {
      return running.get();
    }
    start(repo);
    return read(endpoint)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "'bin/services start flink' succeeded but wrote no " + endpoint));
  }

  private static Path stateDir(Path repo) {
    String configured = System.getenv("STRATA_STATE_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : repo.resolve(".strata").resolve("services");
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void start(Path repo) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", repo.resolve("bin").resolve("services").toString(), "start", "flink")
            .directory(repo.toFile())
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "'bin/services start flink' did not finish within " + START_TIMEOUT + ":\n" + output);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "'bin/services start flink' failed (exit " + p.exitValue() + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run bin/services start flink", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Flink", e);
    }
  }

  /** The REST API answers and at least one TaskManager slot is registered. */
  private static boolean answers(String restUrl) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(restUrl + "/overview"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && !r.body().contains("\"slots-total\":0");
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
