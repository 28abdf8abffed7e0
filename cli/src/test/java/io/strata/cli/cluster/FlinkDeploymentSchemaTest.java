package io.strata.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.Pipelines;
import io.strata.layers.definition.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The FlinkDeployment that {@code strata package --k8s} writes is checked against the Flink
 * Kubernetes Operator's own CRD schema (deploy/kubernetes/crd/, copied from
 * apache/flink-kubernetes-operator release-1.15.0,
 * helm/flink-kubernetes-operator/crds/flinkdeployments.flink.apache.org-v1.yml). No Kubernetes runs
 * here: this is what the API server's structural-schema validation would check.
 */
@Timeout(120)
class FlinkDeploymentSchemaTest {
  private static final Path CRD =
      Path.of("..", "deploy", "kubernetes", "crd", "flinkdeployments.flink.apache.org-v1.yml");
  private static final Path TRADING = Path.of("..", "configs", "trading", "pipeline.conf");

  private static Map<String, Object> load(String yaml) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        (Map<String, Object>)
            new Load(LoadSettings.builder().setCodePointLimit(10 * 1024 * 1024).build())
                .loadFromString(yaml);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schema() throws Exception {
    Map<String, Object> crd = load(Files.readString(CRD));
    Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
    assertThat(((Map<String, Object>) spec.get("names")).get("kind")).isEqualTo("FlinkDeployment");
    Map<String, Object> v1beta1 =
        ((List<Map<String, Object>>) spec.get("versions"))
            .stream().filter(v -> "v1beta1".equals(v.get("name"))).findFirst().orElseThrow();
    return (Map<String, Object>)
        ((Map<String, Object>) v1beta1.get("schema")).get("openAPIV3Schema");
  }

  private static String tradingDeployment() {
    PipelineSettings settings = Pipelines.load(TRADING).pipeline().settings();
    return FlinkDeploymentWriter.yaml(
        settings,
        new FlinkDeploymentWriter.Settings(
            "registry.example/strata-trading:1",
            "strata-trading.jar",
            "s3://bucket/strata/trading",
            "flink",
            "strata-trading-env",
            "1024m",
            "2048m",
            2));
  }

  @Test
  void theTradingDeploymentIsValidAgainstTheOperatorsCrdSchema() throws Exception {
    Map<String, Object> doc = load(tradingDeployment());
    assertThat(doc.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
    assertThat(doc.get("kind")).isEqualTo("FlinkDeployment");
    List<String> errors = new ArrayList<>();
    StructuralSchema.validate(schema(), Map.of("spec", doc.get("spec")), "", errors);
    assertThat(errors).isEmpty();

    @SuppressWarnings("unchecked")
    Map<String, Object> job =
        (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("job");
    assertThat(job)
        .containsEntry("entryClass", "io.strata.runtime.StrataJob")
        .containsEntry("upgradeMode", "savepoint")
        .containsEntry("jarURI", "local:///opt/flink/usrlib/strata-trading.jar");
  }

  @Test
  void theSchemaCheckRejectsWhatTheApiServerWould() throws Exception {
    String bad =
        tradingDeployment()
            .replace("flinkVersion: v1_20", "flinkVersion: v1_99")
            .replace("upgradeMode: savepoint", "upgradeMode: savepoints")
            .replace("parallelism: 1", "parallelism: one")
            .replace("  serviceAccount: flink", "  serviceAcount: flink");
    List<String> errors = new ArrayList<>();
    StructuralSchema.validate(schema(), Map.of("spec", load(bad).get("spec")), "", errors);
    assertThat(errors)
        .anyMatch(e -> e.contains(".spec.flinkVersion") && e.contains("v1_99"))
        .anyMatch(e -> e.contains(".spec.job.upgradeMode"))
        .anyMatch(e -> e.contains(".spec.job.parallelism") && e.contains("integer"))
        .anyMatch(e -> e.contains(".spec.serviceAcount") && e.contains("unknown field"));
  }
}
