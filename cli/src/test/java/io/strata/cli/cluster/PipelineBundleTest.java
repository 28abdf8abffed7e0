package io.strata.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.Pipelines;
import io.strata.layers.definition.PipelineDef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline's files travel to the cluster and load there exactly as here. */
@Timeout(120)
class PipelineBundleTest {
  private static final Path TRADING =
      Path.of("..", "configs", "trading", "pipeline.conf").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void carriesIncludesAndSchemasAndKeepsEnvironmentSubstitutionsUnresolved() throws Exception {
    Path config = dir.resolve("override").resolve("pipeline.conf");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config, "include file(\"" + TRADING + "\")\nods.trades.source.topic = \"bundled\"\n");
    PipelineDef here = Pipelines.load(config).pipeline();

    PipelineBundle bundle = PipelineBundle.of(here);
    assertThat(bundle.paths())
        .anyMatch(p -> p.endsWith("override/pipeline.conf"))
        .anyMatch(p -> p.endsWith("configs/trading/pipeline.conf"))
        .anyMatch(p -> p.endsWith("configs/trading/tests.conf"))
        .anyMatch(p -> p.endsWith("schemas/trade.avsc"));

    Path there = Files.createDirectory(dir.resolve("cluster"));
    Path extracted = PipelineBundle.extractArgument(bundle.toArgument(), there);
    assertThat(Files.readString(extracted))
        .doesNotContain("file(\"" + TRADING)
        .contains("include \"../");
    // ${?STRATA_KAFKA_BOOTSTRAP} stays in the file, to be resolved on the cluster.
    assertThat(
            Files.readString(
                there.resolve(
                    bundle.paths().stream()
                        .filter(p -> p.endsWith("configs/trading/pipeline.conf"))
                        .findFirst()
                        .orElseThrow())))
        .contains("${?STRATA_KAFKA_BOOTSTRAP}");
    PipelineDef loaded = Pipelines.load(extracted).pipeline();
    assertThat(loaded.ods().get("trades").source().topic()).isEqualTo("bundled");
    assertThat(loaded.ods().get("trades").source().schema()).startsWith(there);
    assertThat(loaded.dws().keySet()).isEqualTo(here.dws().keySet());
  }

  @Test
  void aPackagedJarCarriesThePipelineBesideTheRuntimeClasses() throws Exception {
    Path runtime = dir.resolve("runtime.jar");
    try (java.util.jar.JarOutputStream jar =
        new java.util.jar.JarOutputStream(Files.newOutputStream(runtime))) {
      jar.putNextEntry(new java.util.zip.ZipEntry("io/strata/Example.class"));
      jar.write(new byte[] {1, 2, 3});
      jar.closeEntry();
    }
    PipelineBundle bundle = PipelineBundle.of(Pipelines.load(TRADING).pipeline());
    Path out = dir.resolve("out").resolve("strata-trading.jar");
    bundle.writeJar(runtime, out);
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()}, null)) {
      assertThat(loader.getResource("io/strata/Example.class")).isNotNull();
      Path extracted =
          PipelineBundle.extract(loader, Files.createDirectory(dir.resolve("extracted")));
      assertThat(extracted.getFileName().toString()).isEqualTo("pipeline.conf");
      assertThat(Pipelines.load(extracted).pipeline().dws().keySet())
          .containsExactly("symbol_minute", "account_minute");
    }
  }
}
