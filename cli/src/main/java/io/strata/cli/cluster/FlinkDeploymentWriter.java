package io.strata.cli.cluster;

import io.strata.layers.definition.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A FlinkDeployment (Flink Kubernetes Operator, apiVersion flink.apache.org/v1beta1) that runs a
 * packaged pipeline in application mode: the job jar baked into an image under /opt/flink/usrlib,
 * upgrades through savepoints, secrets from a Kubernetes Secret as environment variables (the
 * config's {@code ${?ENV}} substitutions).
 */
public final class FlinkDeploymentWriter {

  /**
   * What varies per installation.
   *
   * @param image an image with the job jar at {@code /opt/flink/usrlib/<jarName>} (see the
   *     Dockerfile written beside)
   * @param stateDir a durable URI for checkpoints and savepoints (s3://, hdfs://, or a volume)
   * @param envSecret the Secret whose keys become environment variables (may be absent)
   */
  public record Settings(
      String image,
      String jarName,
      String stateDir,
      String serviceAccount,
      String envSecret,
      String jobManagerMemory,
      String taskManagerMemory,
      int slots) {}

  private FlinkDeploymentWriter() {}

  public static String yaml(PipelineSettings pipeline, Settings s) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", "flink.apache.org/v1beta1");
    root.put("kind", "FlinkDeployment");
    root.put(
        "metadata",
        Map.of(
            "name",
            resourceName(pipeline.name()),
            "labels",
            Map.of("app.kubernetes.io/name", "strata", "strata.io/pipeline", pipeline.name())));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", s.image());
    spec.put("flinkVersion", "v1_20");
    spec.put("mode", "native");
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("taskmanager.numberOfTaskSlots", String.valueOf(s.slots()));
    conf.put("state.backend.type", "rocksdb");
    conf.put("state.backend.incremental", "true");
    conf.put("execution.checkpointing.dir", s.stateDir() + "/checkpoints");
    conf.put("execution.checkpointing.savepoint-dir", s.stateDir() + "/savepoints");
    conf.put("execution.checkpointing.interval", pipeline.checkpointInterval().toMillis() + " ms");
    conf.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    // env.java.opts.all is left alone: the official image's default already opens what JDK 17
    // needs.
    spec.put("flinkConfiguration", conf);
    spec.put("serviceAccount", s.serviceAccount());

    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "flink-main-container");
    container.put(
        "envFrom", List.of(Map.of("secretRef", Map.of("name", s.envSecret(), "optional", true))));
    spec.put(
        "podTemplate",
        Map.of(
            "apiVersion", "v1", "kind", "Pod", "spec", Map.of("containers", List.of(container))));

    spec.put(
        "jobManager",
        Map.of("replicas", 1, "resource", Map.of("memory", s.jobManagerMemory(), "cpu", 1.0)));
    spec.put(
        "taskManager", Map.of("resource", Map.of("memory", s.taskManagerMemory(), "cpu", 1.0)));

    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jarURI", "local:///opt/flink/usrlib/" + s.jarName());
    job.put("entryClass", PipelineSubmission.ENTRY_CLASS);
    job.put("args", List.of());
    job.put("parallelism", pipeline.parallelism());
    // Upgrades stop with a savepoint and restore from it; run `strata plan --against` first.
    job.put("upgradeMode", "savepoint");
    job.put("state", "running");
    job.put("allowNonRestoredState", false);
    spec.put("job", job);
    root.put("spec", spec);

    String header =
        "# Written by `strata package --k8s` for pipeline '"
            + pipeline.name()
            + "'. Flink Kubernetes Operator,\n"
            + "# application mode. Build the image with the Dockerfile beside this file; secrets referenced as\n"
            + "# ${?ENV} in the pipeline come from the Secret '"
            + s.envSecret()
            + "'.\n";
    return header
        + new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
            .dumpToString(root);
  }

  public static String dockerfile(String jarName) {
    return "# The job jar of a Strata pipeline on the official Flink image (application mode).\n"
        + "FROM flink:1.20.3-java17\n"
        + "RUN mkdir -p /opt/flink/usrlib\n"
        + "COPY "
        + jarName
        + " /opt/flink/usrlib/"
        + jarName
        + "\n";
  }

  /**
   * A DNS-1035 label: lower case, digits and '-', starting with a letter, at most 45 characters.
   */
  static String resourceName(String pipeline) {
    String n =
        ("strata-" + pipeline)
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-+$", "");
    return n.length() > 45 ? n.substring(0, 45).replaceAll("-+$", "") : n;
  }
}
