package io.strata.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill job jar as built by the package phase (target/strata-backfill.jar): it holds Hive,
 * runs the backfill CLI with {@code java -jar}, and finds every connector plugin through the merged
 * service files. The streaming runtime jar's side (no Hive) is RuntimeJarIT in module runtime.
 */
@Timeout(120)
class BackfillJarIT {
  @TempDir Path dir;

  private static Path jar() {
    Path jar = Path.of(System.getProperty("strata.backfill.jar", "target/strata-backfill.jar"));
    assertThat(jar).as("built by mvn package").isRegularFile();
    return jar;
  }

  private record Result(int exit, String out, String err) {}

  private static Result javaJar(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    var errText = new java.util.concurrent.CompletableFuture<String>();
    new Thread(
            () -> {
              try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                errText.completeExceptionally(e);
              }
            })
        .start();
    String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("java -jar finished").isTrue();
    return new Result(p.exitValue(), outText, errText.join());
  }

  @Test
  void holdsHiveAndTheBackfillCli() throws IOException {
    try (JarFile j = new JarFile(jar().toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.strata.backfill.BackfillCli");
      assertThat(j.stream().filter(e -> e.getName().startsWith("org/apache/hadoop/hive/")).count())
          .isGreaterThan(1000);
      assertThat(j.getEntry("org/apache/hadoop/hive/metastore/HiveMetaStoreClient.class"))
          .isNotNull();
      assertThat(j.getEntry("org/apache/flink/connectors/hive/HiveTableFactory.class")).isNotNull();
      assertThat(j.stream().filter(e -> e.getName().matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")))
          .as("signatures stripped")
          .isEmpty();
      String factories =
          new String(
              j.getInputStream(
                      j.getEntry("META-INF/services/org.apache.flink.table.factories.Factory"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(factories)
          .as("service files merged, not overwritten")
          .contains(
              "HiveCatalogFactory",
              "KafkaDynamicTableFactory",
              "JdbcDynamicTableFactory",
              "ClickHouseDynamicSinkFactory");
    }
  }

  @Test
  void javaJarHelpRuns() throws Exception {
    Result r = javaJar("--help");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: backfill", "archive", "run", "schedule");
  }

  @Test
  void javaJarLoadsAPipelineWithEveryPluginAndRefusesWhatItCannotDo() throws Exception {
    // Loading needs the hive, clickhouse and kafka connection plugins (ServiceLoader); the refusal
    // comes before any service is contacted, so this runs without any.
    Path reference = BackfillServices.repoRoot().resolve("configs/trading/pipeline.conf");
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(
        file,
        "include file(\""
            + reference
            + "\")\n"
            + "pipeline.time-zone = \"Asia/Shanghai\"\n"
            + "connections.clickhouse { type = clickhouse, url = \"http://127.0.0.1:1\", database = jar }\n"
            + "connections.archive { type = hive, metastore-uris = \"thrift://127.0.0.1:1\", warehouse = \"file:///nonexistent\" }\n"
            + "ods.trades.archive { connection = archive, table = \"jar.trades\", partition = dt }\n"
            + "dws.symbol_minute.sinks = [ { type = clickhouse, connection = clickhouse } ]\n"
            + "tests = null\n");
    Result r = javaJar(file.toString(), "--date", "2026-11-23");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains("cannot backfill into ClickHouse with pipeline.time-zone = \"Asia/Shanghai\"")
        .doesNotContain("Exception");
  }
}
