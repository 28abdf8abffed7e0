package io.strata.tests.dimensions;

import io.strata.cli.Pipelines;
import io.strata.dimensions.load.DimensionLoader;
import io.strata.layers.plan.LayerGraph;
import io.strata.tests.support.HBaseService;
import io.strata.tests.support.KafkaService;
import io.strata.tests.support.MariaDbDimensions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The enrichment pipeline of tests/src/test/resources/dimensions/enrichment.conf with this run's
 * own topics, HBase table and MariaDB database, and the services that are running.
 */
final class DimensionTestPipeline {
  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String ordersTopic = "dimtest.orders." + run;
  final String dlqTopic = "dimtest.orders.dlq." + run;
  final String enrichedTopic = "dimtest.dwd.enriched." + run;
  final String knownTopic = "dimtest.dwd.known_accounts." + run;
  final String hbaseTable = "strata_test:instruments_" + run;
  final String database = "strata_dimtest_" + run;
  final Map<String, String> values = new LinkedHashMap<>();
  final Path dir;

  DimensionTestPipeline() throws IOException {
    dir = Files.createTempDirectory("strata-dimtest");
    values.put("KAFKA", KafkaService.bootstrap());
    values.put("HBASE_ZOOKEEPER", HBaseService.zookeeperQuorum());
    values.put("JDBC_URL", MariaDbDimensions.url(database));
    values.put("JDBC_PASSWORD", MariaDbDimensions.password());
    values.put("ORDERS_TOPIC", ordersTopic);
    values.put("DLQ_TOPIC", dlqTopic);
    values.put("ENRICHED_TOPIC", enrichedTopic);
    values.put("KNOWN_TOPIC", knownTopic);
    values.put("HBASE_TABLE", hbaseTable);
    values.put("JDBC_TABLE", "accounts");
    values.put("HBASE_STORE_OPTIONS", "async = true");
    values.put("JDBC_STORE_OPTIONS", "");
    values.put("TTL", "10min");
  }

  DimensionTestPipeline set(String key, String value) {
    values.put(key, value);
    return this;
  }

  /** Writes the config with the placeholders filled in and loads (validates) it. */
  LayerGraph load() throws IOException {
    String template;
    try (InputStream in =
        DimensionTestPipeline.class.getResourceAsStream("/dimensions/enrichment.conf")) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      template = template.replace("@" + e.getKey() + "@", e.getValue());
    }
    Path config = dir.resolve("pipeline.conf");
    Files.writeString(config, template);
    return Pipelines.load(config);
  }

  /** Copies a seed file from the test resources and loads it with `strata dim load`'s loader. */
  long loadDimension(LayerGraph graph, String dimension, String resource) throws Exception {
    Path file = dir.resolve(resource);
    try (InputStream in =
        DimensionTestPipeline.class.getResourceAsStream("/dimensions/" + resource)) {
      Files.write(file, in.readAllBytes());
    }
    return DimensionLoader.load(graph.pipeline(), dimension, file).rows();
  }

  long loadDimensionText(LayerGraph graph, String dimension, String fileName, String text)
      throws Exception {
    Path file = dir.resolve(fileName);
    Files.writeString(file, text);
    return DimensionLoader.load(graph.pipeline(), dimension, file).rows();
  }

  void createTopics() {
    for (String t : new String[] {ordersTopic, dlqTopic, enrichedTopic, knownTopic}) {
      KafkaService.createTopic(t, 1);
    }
  }

  void cleanUp() {
    MariaDbDimensions.dropDatabase(database);
  }
}
