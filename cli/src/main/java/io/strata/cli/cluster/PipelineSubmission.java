package io.strata.cli.cluster;

import io.strata.cli.Pipelines;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.flink.FlinkRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits a pipeline to a Flink session cluster: validates it here, packages it (runtime jar +
 * config + schemas), checks a savepoint against it, uploads the jar and runs it.
 */
public final class PipelineSubmission {
  /** The class the cluster calls; it lives in the runtime module. */
  public static final String ENTRY_CLASS = "io.strata.runtime.StrataJob";

  /**
   * The program argument that carries the pipeline files (see {@link PipelineBundle#toArgument()}).
   */
  public static final String ARG_BUNDLE = "--pipeline-bundle";

  /**
   * How to submit.
   *
   * @param savepointPath restore from this savepoint (or retained checkpoint), null for a fresh
   *     start
   * @param allowNonRestoredState restore even if some savepoint state has no operator to go to
   * @param untilEndOfTopics read what the topics hold at the start, then finish
   */
  public record Options(
      Integer parallelism,
      String savepointPath,
      boolean allowNonRestoredState,
      boolean untilEndOfTopics,
      Path runtimeJar) {
    public static Options fresh() {
      return new Options(null, null, false, false, null);
    }

    public Options restoringFrom(String savepoint, boolean allowNonRestored) {
      return new Options(parallelism, savepoint, allowNonRestored, untilEndOfTopics, runtimeJar);
    }
  }

  /**
   * A submitted job; {@code restorePlan} is null for a fresh start or a savepoint not readable
   * here.
   */
  public record Submitted(String jobId, String jobName, RestorePlan restorePlan) {}

  /** Refusal to restore: the savepoint holds state that the pipeline would drop. */
  public static final class StateWouldBeDropped extends RuntimeException {
    private final transient RestorePlan plan;

    StateWouldBeDropped(RestorePlan plan) {
      super(
          "the savepoint holds state the pipeline would drop; nothing was submitted (--allow-non-restored-state restores anyway)");
      this.plan = plan;
    }

    public RestorePlan plan() {
      return plan;
    }
  }

  private PipelineSubmission() {}

  /** Builds the job jar for a pipeline file into {@code out}. */
  public static Path packageJar(Path config, Path runtimeJar, Path out) {
    LayerGraph graph = Pipelines.load(config);
    PipelineBundle.of(graph.pipeline()).writeJar(RuntimeJar.locate(runtimeJar), out);
    return out;
  }

  public static Submitted submit(FlinkRestClient cluster, Path config, Options options) {
    LayerGraph graph = Pipelines.load(config);
    RestorePlan plan = null;
    if (options.savepointPath() != null && isLocal(options.savepointPath())) {
      plan =
          RestorePlan.compare(
              options.savepointPath(),
              SavepointMetadata.read(options.savepointPath()),
              StateInventory.of(graph));
      if (!plan.restoresEverything() && !options.allowNonRestoredState()) {
        throw new StateWouldBeDropped(plan);
      }
    }
    String name = graph.pipeline().settings().name();
    String jarId = uploadRuntimeOnce(cluster, RuntimeJar.locate(options.runtimeJar()));
    List<String> args =
        new ArrayList<>(List.of(ARG_BUNDLE, PipelineBundle.of(graph.pipeline()).toArgument()));
    if (options.untilEndOfTopics()) {
      args.add("--until-end-of-topics");
    }
    String jobId =
        cluster.runJar(
            jarId,
            ENTRY_CLASS,
            args,
            options.parallelism(),
            options.savepointPath(),
            options.allowNonRestoredState());
    return new Submitted(jobId, "strata:" + name, plan);
  }

  /**
   * The runtime jar is the same for every pipeline: upload it once per content (its name carries a
   * hash of it) and pass each pipeline's files as a program argument.
   */
  static String uploadRuntimeOnce(FlinkRestClient cluster, Path runtimeJar) {
    String fileName = "strata-runtime-" + sha256(runtimeJar).substring(0, 12) + ".jar";
    String existing = cluster.findJar(fileName);
    if (existing != null) {
      return existing;
    }
    try {
      Path dir = Files.createTempDirectory("strata-upload");
      Path named = dir.resolve(fileName);
      Files.copy(runtimeJar, named);
      try {
        return cluster.uploadJar(named);
      } finally {
        Files.deleteIfExists(named);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isLocal(String location) {
    return location.startsWith("file:") || location.startsWith("/") || !location.contains("://");
  }
}
