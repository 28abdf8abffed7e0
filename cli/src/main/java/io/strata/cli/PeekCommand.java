package io.strata.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "peek",
    description =
        "Print the last records of a Kafka topic (JSON as text), e.g. a DWS table or a dead-letter topic.")
final class PeekCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "topic")
  String topic;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers")
  String bootstrap;

  @Option(
      names = "--last",
      defaultValue = "10",
      description = "how many of the newest records (default ${DEFAULT-VALUE})")
  int last;

  @Override
  public Integer call() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "strata-peek-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      if (partitions.isEmpty()) {
        System.err.println("strata: topic '" + topic + "' does not exist");
        return 2;
      }
      consumer.assign(partitions);
      var ends = consumer.endOffsets(partitions);
      long total = 0;
      for (TopicPartition tp : partitions) {
        long end = ends.get(tp);
        total += end;
        consumer.seek(tp, Math.max(0, end - last));
      }
      System.out.println(
          "== " + topic + " (" + total + " records; newest " + Math.min(last, total) + ")");
      int shown = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (shown < Math.min(last * partitions.size(), total)
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(
              r.value() == null ? "(null)" : new String(r.value(), StandardCharsets.UTF_8));
          shown++;
        }
      }
    }
    return 0;
  }
}
