package io.strata.lineage.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layers.config.PipelineLoader;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.lineage.TestPipelines;
import io.strata.lineage.health.LineageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage.history} names a clickhouse connection; without it history stays in memory. */
class HistoryStoreSettingsTest {
  @TempDir Path dir;

  private PipelineDef load(String extra, Problems problems) throws Exception {
    Path conf = dir.resolve("p.conf");
    Files.writeString(
        conf,
        "include file(\""
            + Path.of(TestPipelines.class.getResource("flow-pipeline.conf").toURI())
            + "\")\n"
            + extra);
    return PipelineLoader.load(conf, problems);
  }

  @Test
  void inMemoryUnlessAHistoryStoreIsConfigured() throws Exception {
    assertThat(LineageSettings.of(load("", new Problems())).historyStore()).isNull();
  }

  @Test
  void aClickHouseConnectionGivesTheStoreWithTheDocumentedDefaults() throws Exception {
    Problems problems = new Problems();
    PipelineDef def =
        load(
            "connections { warehouse { type = clickhouse, url = \"http://127.0.0.1:18123\", username = lineage, password = s3cret } }\n"
                + "lineage { history { connection = warehouse } }\n",
            problems);
    assertThat(problems.sorted()).filteredOn(p -> p.message().contains("lineage")).isEmpty();
    HistoryStoreSettings h = LineageSettings.of(def).historyStore();
    assertThat(h.url()).isEqualTo("http://127.0.0.1:18123");
    assertThat(h.username()).isEqualTo("lineage");
    assertThat(h.database()).isEqualTo("strata");
    assertThat(h.table()).isEqualTo("strata_lineage_history");
    assertThat(h.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(h.every()).isEqualTo(Duration.ofSeconds(10));
    assertThat(h.toString()).doesNotContain("s3cret");
  }

  @Test
  void aConnectionThatIsNotClickHouseIsReportedWithItsLine() throws Exception {
    Problems problems = new Problems();
    load("lineage {\n  history { connection = kafka, retention = 7d }\n}\n", problems);
    assertThat(problems.sorted())
        .anySatisfy(
            p -> {
              assertThat(p.message())
                  .contains("lineage.history.connection 'kafka' is not a clickhouse connection");
              assertThat(p.origin().line()).isEqualTo(3);
            });
  }
}
