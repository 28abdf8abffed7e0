package io.strata.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The services the backfill tests use (Kafka, ClickHouse, the thrift Hive metastore, and Strata's
 * Doris emulator), as started by {@code bin/services}: endpoints from the {@code STRATA_*}
 * variables, else from the endpoint files; a service that is not running is started through {@code
 * bin/services}. A test that needs a service fails when it cannot be had; it never passes silently.
 */
final class BackfillServices {
  private BackfillServices() {}

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/services"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (bin/services) above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static String kafka() {
    return endpoint("kafka", "STRATA_KAFKA_BOOTSTRAP");
  }

  static String clickhouse() {
    return endpoint("clickhouse", "STRATA_CLICKHOUSE_URL");
  }

  /** The Doris emulator's FE host:port (STRATA_DORIS_FENODES). */
  static String doris() {
    return endpoint("doris-emulator", "STRATA_DORIS_FENODES");
  }

  static String hiveMetastore() {
    return endpoint("hive-metastore", "STRATA_HIVE_METASTORE_URI");
  }

  /** The MariaDB server's JDBC URL without a database ({@code jdbc:mariadb://host:port/}). */
  static String mariadbUrl() {
    String url = System.getenv("STRATA_MARIADB_URL");
    if (url != null && !url.isBlank()) {
      return url.trim().endsWith("/") ? url.trim() : url.trim() + "/";
    }
    return "jdbc:mariadb://" + endpoint("mariadb", "STRATA_MARIADB_ENDPOINT") + "/";
  }

  /**
   * The strata user's MariaDB password: STRATA_MARIADB_PASSWORD_FILE, else the service's password
   * file.
   */
  static String mariadbPassword() {
    mariadbUrl();
    String file = System.getenv("STRATA_MARIADB_PASSWORD_FILE");
    Path root = repoRoot();
    String state = System.getenv("STRATA_STATE_DIR");
    Path p =
        file != null && !file.isBlank()
            ? Path.of(file)
            : (state == null ? root.resolve(".strata/services") : Path.of(state))
                .resolve("mariadb")
                .resolve("password");
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          "no MariaDB password file at " + p + ": " + e.getMessage(), e);
    }
  }

  static synchronized String endpoint(String service, String env) {
    String v = System.getenv(env);
    if (v != null && !v.isBlank()) {
      return v.trim();
    }
    Path root = repoRoot();
    String state = System.getenv("STRATA_STATE_DIR");
    Path file =
        (state == null ? root.resolve(".strata/services") : Path.of(state))
            .resolve(service)
            .resolve("endpoint");
    try {
      Process status =
          new ProcessBuilder(root.resolve("bin/services").toString(), "status", service)
              .redirectErrorStream(true)
              .start();
      status.getInputStream().readAllBytes();
      if (status.waitFor() != 0 || !Files.exists(file)) {
        Process start =
            new ProcessBuilder(root.resolve("bin/services").toString(), "start", service)
                .inheritIO()
                .start();
        if (!start.waitFor(5, TimeUnit.MINUTES) || start.exitValue() != 0) {
          throw new IllegalStateException("bin/services start " + service + " failed");
        }
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach service " + service + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A test pipeline from a resource with the placeholders every backfill test shares filled in: the
   * trading reference config, this run's pipeline name ({@code <prefix>_<run>}), topics ({@code
   * <prefix>.trades.<run>}, ...), the services and a warehouse under {@code dir}.
   */
  static String pipelineTemplate(
      String resource, String prefix, String run, String database, Path dir)
      throws java.io.IOException {
    String template;
    try (java.io.InputStream in = BackfillServices.class.getResourceAsStream(resource)) {
      template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    return template
        .replace("@REFERENCE@", repoRoot().resolve("configs/trading/pipeline.conf").toString())
        .replace("@NAME@", prefix + "_" + run)
        .replace("@KAFKA@", kafka())
        .replace("@CLICKHOUSE@", clickhouse())
        .replace("@DATABASE@", database)
        .replace("@METASTORE@", hiveMetastore())
        .replace("@WAREHOUSE@", dir.resolve("warehouse").toUri().toString())
        .replace("@TRADES_TOPIC@", prefix + ".trades." + run)
        .replace("@TRADES_DLQ@", prefix + ".trades.dlq." + run)
        .replace("@QUOTES_TOPIC@", prefix + ".quotes." + run)
        .replace("@QUOTES_DLQ@", prefix + ".quotes.dlq." + run);
  }
}
