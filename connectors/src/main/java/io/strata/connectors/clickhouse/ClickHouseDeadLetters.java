package io.strata.connectors.clickhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ClickHouse sink puts rows its table cannot hold: a Kafka topic, as JSON in the shape of
 * Strata's other dead letters ({@code io.strata.layers.generate.DeadLetters}: pipeline, table,
 * kind, reason, row, at). The writer flushes it before every checkpoint completes, so a dead letter
 * is never lost (at least once). Without a topic, refused rows are logged and counted only.
 */
final class ClickHouseDeadLetters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseDeadLetters.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int LOGGED_WITHOUT_TOPIC = 20;

  private final ClickHouseSinkSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private long logged;

  ClickHouseDeadLetters(ClickHouseSinkSettings settings) {
    this.settings = settings;
    if (settings.deadLetterTopic() == null) {
      producer = null;
      return;
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.deadLetterBootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "strata-clickhouse-dead-letters-" + settings.table());
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The JSON document of one refused row. */
  static byte[] json(ClickHouseSinkSettings s, String reason, Map<String, String> row) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pipeline", s.pipeline());
    n.put("table", s.layerTable());
    n.put("kind", "unwritable");
    n.put("reason", reason);
    n.put("sink", "clickhouse " + s.database() + "." + s.table());
    ObjectNode r = n.putObject("row");
    row.forEach(r::put);
    n.put("at", Instant.now().toString());
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  void write(String reason, Map<String, String> row) throws IOException {
    if (producer == null) {
      if (logged++ < LOGGED_WITHOUT_TOPIC) {
        LOG.warn(
            "{} row refused by ClickHouse table {}.{} (no dead-letter-topic set, row dropped): {} {}",
            settings.layerTable(),
            settings.database(),
            settings.table(),
            reason,
            row);
      }
      return;
    }
    checkFailure();
    producer.send(
        new ProducerRecord<>(settings.deadLetterTopic(), json(settings, reason, row)),
        (md, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  /** Blocks until every dead letter so far is acknowledged by Kafka. */
  void flush() throws IOException {
    if (producer != null) {
      producer.flush();
      checkFailure();
    }
  }

  private void checkFailure() throws IOException {
    Exception e = sendFailure.get();
    if (e != null) {
      throw new IOException(
          "could not write dead letters of "
              + settings.layerTable()
              + " to Kafka topic "
              + settings.deadLetterTopic()
              + ": "
              + e,
          e);
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}
