package io.strata.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finding a service started by {@code bin/services}, or starting it: its state directory, its
 * endpoint file, and {@code bin/services start <name>} when nothing answers (so a test started from
 * an IDE works; a test that needs a service fails when the service cannot start).
 */
final class ServiceScript {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private ServiceScript() {}

  static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("services"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no bin/services found above "
            + Path.of("").toAbsolutePath()
            + "; run the tests with bin/test");
  }

  static Path stateDir(String service) {
    String configured = System.getenv("STRATA_STATE_DIR");
    Path base =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : repoRoot().resolve(".strata").resolve("services");
    return base.resolve(service);
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

  /** The service's host:port endpoint, starting it through bin/services if it does not answer. */
  static String endpoint(String service) {
    Path endpoint = stateDir(service).resolve("endpoint");
    Optional<String> running = read(endpoint).filter(ServiceScript::answers);
    if (running.isPresent()) {
      return running.get();
    }
    start(service);
    return read(endpoint)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "'bin/services start " + service + "' succeeded but wrote no " + endpoint));
  }

  static void start(String service) {
    Path repo = repoRoot();
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", repo.resolve("bin").resolve("services").toString(), "start", service)
            .directory(repo.toFile())
            .redirectErrorStream(true);
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "'bin/services start "
                + service
                + "' did not finish within "
                + START_TIMEOUT
                + ":\n"
                + output);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "'bin/services start "
                + service
                + "' failed (exit "
                + process.exitValue()
                + "):\n"
                + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run bin/services start " + service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + service, e);
    }
  }

  static boolean answers(String address) {
    String hostPort = address.replaceFirst("^[a-z]+://", "");
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon),
              Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""))),
          2_000);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
