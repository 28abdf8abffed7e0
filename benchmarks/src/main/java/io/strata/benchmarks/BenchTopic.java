package io.strata.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.demo.GeneratedTrade;
import io.strata.demo.RecordKind;
import io.strata.demo.ScenarioRecord;
import io.strata.demo.TradeAvro;
import io.strata.demo.TradingEventSource;
import io.strata.demo.TradingScenario;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's input: a one-partition topic holding the trades of a {@link TradingScenario}, in
 * Avro (the bytes the trading pipeline reads) or re-encoded as JSON (same trades, same kinds).
 */
final class BenchTopic {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was written: per kind, and how many records advanced the event-time maximum. */
  record Loaded(Map<RecordKind, Long> kinds, long watermarkAdvances, double seconds) {}

  private BenchTopic() {}

  static String name(TradingBenchmark.Format format, int trades, long seed) {
    return "strata.bench.trades." + format.name().toLowerCase() + ".n" + trades + ".s" + seed;
  }

  /**
   * Deletes the topic if it exists, creates it with one partition and writes the scenario's trades.
   */
  static Loaded load(
      String bootstrap,
      String topic,
      TradingScenario.Options options,
      TradingBenchmark.Format format)
      throws Exception {
    return load(bootstrap, topic, options, format, 1);
  }

  /**
   * As {@link #load(String, String, TradingScenario.Options, TradingBenchmark.Format)}, spread by
   * key over partitions.
   */
  static Loaded load(
      String bootstrap,
      String topic,
      TradingScenario.Options options,
      TradingBenchmark.Format format,
      int partitions)
      throws Exception {
    recreate(bootstrap, topic, partitions);
    long start = System.nanoTime();
    TradeAvro avro = TradeAvro.fromClasspath();
    // Only the trades topic is benchmarked: no quotes are generated.
    TradingEventSource source = TradingEventSource.planned(options.withQuotesPerTrade(0), avro);
    Map<RecordKind, Long> kinds = new EnumMap<>(RecordKind.class);
    Random random = new Random(options.seed());
    byte[] lastValidJson = null;
    long maxTime = Long.MIN_VALUE;
    long advances = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int slot = 0; slot < options.trades(); slot++) {
        for (ScenarioRecord r : source.next()) {
          if (!r.isTrade()) {
            continue;
          }
          kinds.merge(r.kind(), 1L, Long::sum);
          byte[] value = r.value();
          if (r.description() instanceof GeneratedTrade t && !r.kind().deadLetter()) {
            long ts = t.tradeTime().toEpochMilli();
            if (ts > maxTime) {
              maxTime = ts;
              advances++;
            }
          }
          if (format == TradingBenchmark.Format.JSON) {
            value =
                switch (r.kind()) {
                  // Not JSON at all, as the Avro garbage is not Avro.
                  case TRADE_GARBAGE ->
                      ("symbol=" + r.keyString() + " qty=" + (1 + random.nextInt(1000)))
                          .getBytes(StandardCharsets.UTF_8);
                  // A proper prefix of a JSON object is never valid JSON.
                  case TRADE_TRUNCATED ->
                      lastValidJson == null
                          ? new byte[] {'{'}
                          : Arrays.copyOf(
                              lastValidJson, 1 + random.nextInt(lastValidJson.length - 1));
                  // Decodable Avro (including a null account_id): the same trade as JSON.
                  default -> json(avro.toTrade(avro.decode(value)));
                };
            if (r.kind() == RecordKind.TRADE) {
              lastValidJson = value;
            }
          }
          producer.send(
              new ProducerRecord<>(topic, r.key(), value),
              (m, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
          }
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("producing to " + topic + " failed", failure.get());
    }
    return new Loaded(kinds, advances, (System.nanoTime() - start) / 1e9);
  }

  /** The trade as one JSON object; trade_time as ISO-8601 text in UTC, price as a plain number. */
  static byte[] json(GeneratedTrade t) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("trade_id", t.tradeId());
    if (t.accountId() == null) {
      n.putNull("account_id");
    } else {
      n.put("account_id", t.accountId());
    }
    n.put("symbol", t.symbol());
    n.put("side", t.side());
    n.put("price", t.price());
    n.put("quantity", t.quantity());
    n.put("trade_time", t.tradeTime().toString());
    return JSON.writeValueAsBytes(n);
  }

  /**
   * The number of records in the topic (its one partition's end offset), or -1 if it does not
   * exist.
   */
  static long size(String bootstrap, String topic) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return -1;
      }
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      long sum = 0;
      for (int p = 0; p < partitions; p++) {
        TopicPartition tp = new TopicPartition(topic, p);
        long end =
            admin
                .listOffsets(Map.of(tp, OffsetSpec.latest()))
                .partitionResult(tp)
                .get(30, TimeUnit.SECONDS)
                .offset();
        long begin =
            admin
                .listOffsets(Map.of(tp, OffsetSpec.earliest()))
                .partitionResult(tp)
                .get(30, TimeUnit.SECONDS)
                .offset();
        sum += end - begin;
      }
      return sum;
    }
  }

  private static void recreate(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (existing.contains(topic)) {
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          admin
              .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
              .all()
              .get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // A deleted topic can take a moment to disappear ("marked for deletion").
          if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "strata-bench-loader");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
