package io.strata.cli.cluster;

import io.strata.cli.Pipelines;
import io.strata.layers.plan.LayerGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strata package}: the job jar of a pipeline, and with --k8s its FlinkDeployment. */
@Command(
    name = "package",
    description =
        "Write the pipeline's job jar (runtime + config + schemas); with --k8s also a FlinkDeployment (Flink Kubernetes Operator, application mode) and a Dockerfile.")
public final class PackageCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--out",
      defaultValue = "target/strata-package",
      description = "output directory (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--k8s", description = "also write flinkdeployment.yaml and a Dockerfile")
  boolean k8s;

  @Option(
      names = "--image",
      description = "the image that holds the job jar (default strata-<pipeline>:latest)")
  String image;

  @Option(
      names = "--state-dir",
      defaultValue = "s3://strata/state",
      description = "durable URI for checkpoints and savepoints (default ${DEFAULT-VALUE})")
  String stateDir;

  @Option(
      names = "--service-account",
      defaultValue = "flink",
      description = "Kubernetes service account of the Flink pods (default ${DEFAULT-VALUE})")
  String serviceAccount;

  @Option(
      names = "--runtime-jar",
      description =
          "the Strata runtime jar (default: $STRATA_RUNTIME_JAR, else runtime/target/strata-runtime.jar)")
  Path runtimeJar;

  @Override
  public Integer call() {
    LayerGraph graph = Pipelines.load(file);
    String name = graph.pipeline().settings().name();
    String jarName = "strata-" + name + ".jar";
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path jar = out.resolve(jarName);
    PipelineBundle bundle = PipelineBundle.of(graph.pipeline());
    bundle.writeJar(RuntimeJar.locate(runtimeJar), jar);
    System.out.println(
        "job jar: "
            + jar
            + " (entry class "
            + PipelineSubmission.ENTRY_CLASS
            + "; pipeline files: "
            + String.join(", ", bundle.paths())
            + ")");
    if (k8s) {
      FlinkDeploymentWriter.Settings s =
          new FlinkDeploymentWriter.Settings(
              image != null ? image : "strata-" + name + ":latest",
              jarName,
              stateDir,
              serviceAccount,
              FlinkDeploymentWriter.resourceName(name) + "-env",
              "1024m",
              "2048m",
              2);
      write(
          out.resolve("flinkdeployment.yaml"),
          FlinkDeploymentWriter.yaml(graph.pipeline().settings(), s));
      write(out.resolve("Dockerfile"), FlinkDeploymentWriter.dockerfile(jarName));
      System.out.println(
          "kubernetes: "
              + out.resolve("flinkdeployment.yaml")
              + " and "
              + out.resolve("Dockerfile")
              + "\n  docker build -t "
              + s.image()
              + " "
              + out
              + " && kubectl apply -f "
              + out.resolve("flinkdeployment.yaml"));
    }
    return 0;
  }

  private static void write(Path p, String text) {
    try {
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
  }
}
