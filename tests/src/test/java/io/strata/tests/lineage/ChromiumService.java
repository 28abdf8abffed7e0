package io.strata.tests.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through Debian's {@code
 * chromedriver}, as started by {@code bin/services start chromium}; started here through that
 * script when it does not answer. Every browser gets a fresh profile directory. No driver or
 * browser is downloaded.
 */
final class ChromiumService {
  private ChromiumService() {}

  /** A new headless browser session; quit it (and delete {@code profile}) when done. */
  static RemoteWebDriver newBrowser(Path profile) throws IOException {
    String driverUrl = endpoint();
    String binary = System.getenv("STRATA_CHROMIUM_BINARY");
    if (binary == null || binary.isBlank()) {
      Path f = stateDir().resolve("binary");
      binary = Files.isRegularFile(f) ? Files.readString(f).trim() : "/usr/bin/chromium";
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    RemoteWebDriver driver = new RemoteWebDriver(new URL(driverUrl), options);
    driver
        .manage()
        .timeouts()
        .pageLoadTimeout(Duration.ofSeconds(30))
        .scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  static String endpoint() throws IOException {
    String fromEnv = System.getenv("STRATA_CHROMEDRIVER_URL");
    if (fromEnv != null && !fromEnv.isBlank() && ready(fromEnv.trim())) {
      return fromEnv.trim();
    }
    Path endpoint = stateDir().resolve("endpoint");
    if (Files.isRegularFile(endpoint) && ready(Files.readString(endpoint).trim())) {
      return Files.readString(endpoint).trim();
    }
    start();
    return Files.readString(endpoint).trim();
  }

  private static boolean ready(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/status"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"ready\":true");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("services"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no bin/services above " + Path.of("").toAbsolutePath() + "; run the tests with bin/test");
  }

  private static Path stateDir() {
    String configured = System.getenv("STRATA_STATE_DIR");
    Path base =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : repoRoot().resolve(".strata").resolve("services");
    return base.resolve("chromium");
  }

  private static void start() throws IOException {
    Process p =
        new ProcessBuilder(
                "bash",
                repoRoot().resolve("bin").resolve("services").toString(),
                "start",
                "chromium")
            .directory(repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("'bin/services start chromium' failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting chromium", e);
    }
  }
}
