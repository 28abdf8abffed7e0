package io.strata.tests.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.connectors.kafka.KafkaDeadLetterOutput;
import io.strata.layers.generate.JobComposer;
import io.strata.layers.generate.RunOptions;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.KafkaService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running job sees a dimension row changed in the store (HBase and MariaDB) once the cached
 * value's ttl has passed: the lookup cache bounds staleness, it does not freeze the dimension.
 */
@Timeout(180)
class DimensionUpdateAfterTtlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TTL = Duration.ofSeconds(2);

  @Test
  void anUpdatedDimensionRowIsSeenAfterTheTtl() throws Exception {
    DimensionTestPipeline pipeline = new DimensionTestPipeline().set("TTL", TTL.toSeconds() + "s");
    try {
      LayerGraph graph = pipeline.load();
      pipeline.loadDimensionText(
          graph,
          "instruments",
          "instruments.csv",
          "symbol,exchange,currency,lot_size\nAAPL,NASDAQ,USD,100\n");
      pipeline.loadDimensionText(
          graph, "accounts", "accounts.csv", "account_id,desk,region\nACC-0001,flow,EMEA\n");
      pipeline.createTopics();

      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
      JobComposer.compose(graph, env, RunOptions.continuous(), new KafkaDeadLetterOutput());
      JobClient job = env.executeAsync("dimtest-ttl-" + pipeline.run);
      try {
        KafkaService.produce(pipeline.ordersTopic, orders("before", 20));
        List<JsonNode> first = read(pipeline.enrichedTopic, 20);
        assertThat(first)
            .as("enriched rows; flow counts %s", job.getAccumulators().get())
            .hasSize(20)
            .allSatisfy(
                r -> {
                  assertThat(r.get("exchange").asText()).isEqualTo("NASDAQ");
                  assertThat(r.get("desk").asText()).isEqualTo("flow");
                });

        pipeline.loadDimensionText(
            graph,
            "instruments",
            "instruments-2.csv",
            "symbol,exchange,currency,lot_size\nAAPL,NYSE,USD,100\n");
        pipeline.loadDimensionText(
            graph, "accounts", "accounts-2.csv", "account_id,desk,region\nACC-0001,prop,AMER\n");
        Thread.sleep(TTL.toMillis() + 1500);

        KafkaService.produce(pipeline.ordersTopic, orders("after", 20));
        List<JsonNode> all = read(pipeline.enrichedTopic, 40);
        List<JsonNode> after =
            all.stream().filter(r -> r.get("order_id").asText().startsWith("after")).toList();
        assertThat(after)
            .hasSize(20)
            .allSatisfy(
                r -> {
                  assertThat(r.get("exchange").asText()).isEqualTo("NYSE");
                  assertThat(r.get("desk").asText()).isEqualTo("prop");
                  assertThat(r.get("region").asText()).isEqualTo("AMER");
                });
      } finally {
        job.cancel().get();
      }
    } finally {
      pipeline.cleanUp();
    }
  }

  private static List<byte[]> orders(String prefix, int n) {
    List<byte[]> out = new ArrayList<>();
    Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (int i = 0; i < n; i++) {
      out.add(new Orders.Order(prefix + "-" + i, "AAPL", "ACC-0001", 100, t.plusMillis(i)).json());
    }
    return out;
  }

  private static List<JsonNode> read(String topic, int n) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var r : KafkaService.readAtLeast(topic, n, Duration.ofSeconds(60))) {
      out.add(JSON.readTree(r.value()));
    }
    return out;
  }
}
