package io.strata.cli;

import io.strata.layers.config.PipelineLoader;
import io.strata.layers.config.PipelineValidator;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.generate.DeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Loading, validating and composing pipelines: what every command starts with. */
public final class Pipelines {
  private Pipelines() {}

  /**
   * Parses, validates (structure, references, and SQL through Flink's planner) and returns the
   * graph; throws {@link Problems.ConfigInvalidException} with every problem found.
   */
  public static LayerGraph load(Path file) {
    Problems problems = new Problems();
    PipelineDef def = PipelineLoader.load(file, problems);
    if (def == null) {
      problems.throwIfAny();
    }
    LayerGraph graph = LayerGraph.of(def);
    PipelineValidator.validate(graph, problems);
    // SQL is checked by composing the job against empty inputs: Flink parses and plans every
    // expression exactly as it will when the job runs. This runs even when the definitions have
    // problems, so that every mistake is reported at once.
    JobComposer.compose(
        graph,
        StreamExecutionEnvironment.getExecutionEnvironment(),
        RunOptions.givenRecords(Map.of()),
        discardDeadLetters(),
        problems);
    problems.throwIfAny();
    return graph;
  }

  public static DeadLetterOutput discardDeadLetters() {
    return (ctx, owner, topic, connection, records) ->
        records
            .sinkTo(new DiscardingSink<>())
            .name(owner + "/dead-letters")
            .uid(owner + "/dead-letters");
  }

  /** Composes the job for a run on the given environment. */
  public static JobContext compose(
      LayerGraph graph,
      StreamExecutionEnvironment env,
      RunOptions options,
      DeadLetterOutput deadLetters) {
    return JobComposer.compose(graph, env, options, deadLetters);
  }
}
