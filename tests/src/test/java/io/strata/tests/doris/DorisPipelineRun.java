package io.strata.tests.doris;

import io.strata.cli.Pipelines;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.JobContext;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.DorisEmulatorService;
import io.strata.tests.support.KafkaService;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of tests/src/test/resources/doris/pipeline.conf against the real Kafka broker and the
 * Doris emulator: its own topic and Doris database, jobs composed exactly as `strata run` does
 * (compose, prepare the sinks, execute) on a local MiniCluster, started fresh or restored from a
 * retained checkpoint.
 */
final class DorisPipelineRun {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** A trade as written to Kafka. */
  record Trade(
      String tradeId,
      String accountId,
      String symbol,
      String side,
      BigDecimal price,
      long quantity,
      Instant time) {
    byte[] json() {
      return ("{\"trade_id\":\""
              + tradeId
              + "\",\"account_id\":\""
              + accountId
              + "\",\"symbol\":\""
              + symbol
              + "\",\"side\":\""
              + side
              + "\",\"price\":"
              + price.toPlainString()
              + ",\"quantity\":"
              + quantity
              + ",\"trade_time\":\""
              + ISO.format(time)
              + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String database = "strata_e2e_" + id;
  final String topic = "doris.trades." + id;
  final Path dir;
  final Path checkpoints;
  private final LayerGraph graph;

  DorisPipelineRun(Duration checkpointInterval) throws IOException {
    dir = Files.createTempDirectory("strata-doris-e2e");
    checkpoints = dir.resolve("checkpoints");
    Path reference = Path.of("src", "test", "resources", "doris", "pipeline.conf").toAbsolutePath();
    String overrides =
        "include file(\""
            + reference
            + "\")\n"
            + "pipeline.checkpoint.interval = "
            + checkpointInterval.toMillis()
            + "ms\n"
            + "connections.kafka.bootstrap-servers = \""
            + KafkaService.bootstrap()
            + "\"\n"
            + "connections.doris.fe-nodes = \""
            + DorisEmulatorService.feNodes()
            + "\"\n"
            + "connections.doris.database = "
            + database
            + "\n"
            + "ods.trades.source.topic = \""
            + topic
            + "\"\n"
            + "ods.trades.dead-letter.topic = \""
            + topic
            + ".dlq\"\n";
    Path config = dir.resolve("pipeline.conf");
    Files.writeString(config, overrides);
    KafkaService.createTopic(topic, 1);
    graph = Pipelines.load(config);
  }

  void produce(List<Trade> trades) {
    KafkaService.produce(topic, trades.stream().map(Trade::json).toList());
  }

  /**
   * Composes and starts the job, restoring from {@code checkpoint} if not null; waits until it
   * runs.
   */
  JobClient start(Path checkpoint) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    conf.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    conf.setString("execution.checkpointing.num-retained", "2");
    if (checkpoint != null) {
      conf.setString("execution.savepoint.path", checkpoint.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    JobContext ctx =
        JobComposer.compose(graph, env, RunOptions.continuous(), Pipelines.discardDeadLetters());
    JobComposer.prepareSinks(ctx);
    JobClient job = env.executeAsync("doris-e2e-" + id);
    await("the job to run", Duration.ofSeconds(60), () -> status(job) == JobStatus.RUNNING);
    return job;
  }

  /**
   * Runs the job as `strata run --until-end-of-topics` does: reads what the topic holds, then ends.
   */
  void runToEnd() throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    JobContext ctx =
        JobComposer.compose(
            graph, env, RunOptions.untilEndOfTopics(), Pipelines.discardDeadLetters());
    JobComposer.prepareSinks(ctx);
    env.execute("doris-e2e-bounded-" + id);
  }

  static JobStatus status(JobClient job) {
    try {
      return job.getJobStatus().get();
    } catch (Exception e) {
      return JobStatus.FAILED;
    }
  }

  /**
   * Kills the job the way an operator's cancel does (no savepoint); the retained checkpoint stays.
   */
  static void kill(JobClient job) throws Exception {
    job.cancel().get();
  }

  /** The newest completed checkpoint of any job of this run. */
  Optional<Path> latestCheckpoint() throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(checkpoints, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("_metadata"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
          .map(Path::getParent);
    }
  }

  /** Waits for a checkpoint that completed after {@code afterMillis}. */
  Path awaitCheckpointAfter(long afterMillis, Duration timeout) throws Exception {
    Path[] found = new Path[1];
    await(
        "a checkpoint",
        timeout,
        () -> {
          try {
            Optional<Path> p = latestCheckpoint();
            if (p.isPresent()
                && p.get().resolve("_metadata").toFile().lastModified() > afterMillis) {
              found[0] = p.get();
              return true;
            }
            return false;
          } catch (IOException e) {
            return false;
          }
        });
    return found[0];
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
