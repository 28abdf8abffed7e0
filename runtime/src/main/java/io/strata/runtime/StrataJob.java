package io.strata.runtime;

import io.strata.cli.Pipelines;
import io.strata.cli.cluster.PipelineBundle;
import io.strata.cli.cluster.PipelineSubmission;
import io.strata.cli.cluster.StateInventory;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry class of a packaged pipeline on a Flink cluster (session or application mode): loads
 * the pipeline packaged in this jar, resolves its {@code ${?ENV}} settings from this machine's
 * environment, and composes the same job as {@code strata run} with {@link JobComposer}.
 *
 * <p>Arguments: {@code --pipeline-bundle <base64>} the pipeline's files (else they are read from
 * this jar, as {@code strata package} writes them); {@code --until-end-of-topics} reads what the
 * topics hold at the start, then finishes. The job is submitted and main returns; it never waits
 * for a result (a web submission cannot fetch one).
 */
public final class StrataJob {
  private StrataJob() {}

  public static void main(String[] args) throws Exception {
    boolean bounded = Arrays.asList(args).contains("--until-end-of-topics");
    Path dir = Files.createTempDirectory("strata-pipeline-");
    int bundle = Arrays.asList(args).indexOf(PipelineSubmission.ARG_BUNDLE);
    // Submitted by `strata submit`: the pipeline comes as an argument; packaged by `strata
    // package`: in the jar.
    Path config =
        bundle >= 0 && bundle + 1 < args.length
            ? PipelineBundle.extractArgument(args[bundle + 1], dir)
            : PipelineBundle.extract(StrataJob.class.getClassLoader(), dir);
    LayerGraph graph = Pipelines.load(config);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    RunOptions options = bounded ? RunOptions.untilEndOfTopics() : RunOptions.continuous();
    JobContext ctx = JobComposer.compose(graph, env, options, new KafkaDeadLetterOutput());
    // Fingerprinted uids, and the manifest that `strata stop` writes beside the savepoint.
    StateInventory inventory = StateInventory.of(ctx);
    Configuration parameters = new Configuration();
    parameters.setString("strata.pipeline", graph.pipeline().settings().name());
    parameters.setString(StateInventory.MANIFEST_KEY, inventory.toJson());
    env.getConfig().setGlobalJobParameters(parameters);
    JobComposer.prepareSinks(ctx);
    env.execute("strata:" + graph.pipeline().settings().name());
  }
}
