package io.strata.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The streaming runtime jar (target/strata-runtime.jar, built by the package phase) never carries
 * Hive: hive-exec's own Guava, Avro, Parquet and protobuf would shadow the job's. Hive lives in the
 * backfill job jar only (BackfillJarIT in module batch-backfill checks that side).
 */
class RuntimeJarIT {
  @Test
  void runtimeJarHasNoHiveClasses() throws Exception {
    Path jar = Path.of(System.getProperty("strata.runtime.jar", "target/strata-runtime.jar"));
    assertThat(jar).as("built by mvn package").isRegularFile();
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.getEntry("io/strata/runtime/StrataJob.class"))
          .as("the jar under test is the runtime jar")
          .isNotNull();
      assertThat(
              j.stream()
                  .filter(e -> e.getName().startsWith("org/apache/hadoop/hive/"))
                  .map(e -> e.getName())
                  .limit(5))
          .isEmpty();
      assertThat(
              j.stream()
                  .filter(e -> e.getName().startsWith("io/strata/backfill/"))
                  .map(e -> e.getName())
                  .limit(5))
          .isEmpty();
    }
  }
}
