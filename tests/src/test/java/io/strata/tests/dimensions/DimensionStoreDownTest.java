package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import io.strata.tests.support.MariaDbDimensions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dimension store that does not answer (nothing listens on its port, as when it is stopped):
 * lookups are retried ({@code max-retries}, backoff 1 s, 2 s, ...), then the job fails with the
 * store's error; no row is ever written with silently-null dimension columns.
 */
class DimensionStoreDownTest {

  private static StreamExecutionEnvironment env() {
    Configuration conf = new Configuration();
    // Job restarts would retry forever; here the failure must surface.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }

  private static List<byte[]> orders(int n) {
    List<byte[]> out = new ArrayList<>();
    Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (int i = 0; i < n; i++) {
      out.add(new Orders.Order("o-" + i, "AAPL", "ACC-0001", 100, t.plusMillis(i)).json());
    }
    return out;
  }

  @Test
  @Timeout(120)
  void jdbcStoreDownFailsTheJobAndWritesNoRow() throws Exception {
    DimensionTestPipeline pipeline =
        new DimensionTestPipeline()
            .set(
                "JDBC_URL",
                "jdbc:mariadb://127.0.0.1:" + MariaDbDimensions.closedPort() + "/refdata")
            .set("JDBC_STORE_OPTIONS", "max-retries = 1, timeout = 2s");
    LayerGraph graph = pipeline.load();
    pipeline.loadDimensionText(
        graph,
        "instruments",
        "instruments.csv",
        "symbol,exchange,currency,lot_size\nAAPL,NASDAQ,USD,100\n");
    pipeline.createTopics();
    KafkaService.produce(pipeline.ordersTopic, orders(10));

    StreamExecutionEnvironment env = env();
    JobComposer.compose(graph, env, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput());
    assertThatThrownBy(() -> env.execute("dimtest-jdbc-down-" + pipeline.run))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.stringifyException(e))
                    .containsAnyOf("JDBC", "jdbc", "Could not connect", "Connection refused"));
    assertThat(KafkaService.readAll(pipeline.enrichedTopic, Duration.ofSeconds(3))).isEmpty();
    assertThat(KafkaService.readAll(pipeline.knownTopic, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  @Timeout(150)
  void hbaseStoreDownFailsTheJobAfterRetriesAndWritesNoRow() throws Exception {
    DimensionTestPipeline pipeline =
        new DimensionTestPipeline()
            .set("HBASE_STORE_OPTIONS", "async = true, max-retries = 1, timeout = 2s");
    LayerGraph graph = pipeline.load();
    pipeline.loadDimensionText(
        graph, "accounts", "accounts.csv", "account_id,desk,region\nACC-0001,flow,EMEA\n");
    // The same pipeline, its HBase connection pointed at a port where nothing listens.
    LayerGraph down =
        pipeline.set("HBASE_ZOOKEEPER", "127.0.0.1:" + MariaDbDimensions.closedPort()).load();
    pipeline.createTopics();
    KafkaService.produce(pipeline.ordersTopic, orders(10));

    StreamExecutionEnvironment env = env();
    JobComposer.compose(down, env, RunOptions.untilEndOfTopics(), new KafkaDeadLetterOutput());
    long start = System.nanoTime();
    assertThatThrownBy(() -> env.execute("dimtest-hbase-down-" + pipeline.run))
        .satisfies(
            e -> assertThat(ExceptionUtils.stringifyException(e)).containsIgnoringCase("hbase"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(120));
    assertThat(KafkaService.readAll(pipeline.enrichedTopic, Duration.ofSeconds(3))).isEmpty();
    pipeline.cleanUp();
  }
}
