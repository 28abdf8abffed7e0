package io.strata.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves that bin/services gives the tests a real, working Kafka broker. */
class KafkaServiceTest {

  @Test
  @Timeout(120)
  void producedRecordsAreReadBackInOrder() {
    String topic = KafkaService.uniqueTopic("kafka-service-test");
    KafkaService.createTopic(topic, 1);
    KafkaService.createTopic(topic, 1); // idempotent

    KafkaService.produce(topic, List.of(bytes("one"), bytes("two"), bytes("three")));
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaService.readAll(topic, Duration.ofSeconds(30));

    assertThat(records)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("one", "two", "three");
    assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
