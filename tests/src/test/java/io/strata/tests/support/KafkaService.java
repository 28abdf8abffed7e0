package io.strata.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real Kafka broker that end-to-end tests talk to, as started by {@code bin/services start
 * kafka}.
 *
 * <p>The address comes from {@code STRATA_KAFKA_BOOTSTRAP} (set by {@code bin/test}), else from the
 * {@code bootstrap} file that {@code bin/services} writes; if no broker answers, this class runs
 * {@code bin/services start kafka} itself (so a test started from an IDE works) and throws if that
 * fails: a test that needs Kafka fails when Kafka is absent, it never passes silently.
 */
public final class KafkaService {

  static final String BOOTSTRAP_ENV = "STRATA_KAFKA_BOOTSTRAP";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration QUIET_PERIOD = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(200);

  private static String bootstrap;

  private KafkaService() {}

  /** The broker's {@code host:port}; starts the broker through {@code bin/services} if needed. */
  public static synchronized String bootstrap() {
    if (bootstrap == null) {
      bootstrap = locateOrStart();
    }
    return bootstrap;
  }

  /** A topic name no earlier run used, so tests never see each other's records. */
  public static String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates the topic (replication factor 1) unless it already exists. */
  public static void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(adminProperties())) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Could not create Kafka topic " + name, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating Kafka topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Timed out creating Kafka topic " + name + " on " + bootstrap(), e);
    }
  }

  /** Sends the values (null keys) and waits until the broker has acknowledged every one. */
  public static void produce(String topic, List<byte[]> values) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
      for (byte[] value : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, value)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not produce to Kafka topic " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while producing to Kafka topic " + topic, e);
    }
  }

  /**
   * Every record of the topic from the earliest offset, read until no new record came for ~2 s or
   * the timeout passed.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
    return read(topic, 0, timeout);
  }

  /**
   * Records of the topic from the earliest offset, read until at least {@code minCount} arrived
   * (then as {@link #readAll}: until ~2 s without a new one) or the timeout passed. For topics that
   * a running job is still writing.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(
      String topic, int minCount, Duration timeout) {
    return read(topic, minCount, timeout);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(
      String topic, int minCount, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Reading must not create the topic that a job under test is about to create.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      // Assign partitions directly: no consumer group, no rebalance delay.
      List<PartitionInfo> partitions = List.of();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        partitions =
            Optional.ofNullable(consumer.partitionsFor(topic, Duration.ofSeconds(5)))
                .orElse(List.of());
        if (partitions.isEmpty()) {
          sleep(POLL);
        }
      }
      if (partitions.isEmpty()) {
        return records;
      }
      List<TopicPartition> assigned =
          partitions.stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toList());
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline) {
        int before = records.size();
        consumer.poll(POLL).forEach(records::add);
        long now = System.nanoTime();
        if (records.size() > before) {
          lastNew = now;
        } else if (records.size() >= minCount && now - lastNew >= QUIET_PERIOD.toNanos()) {
          break;
        }
      }
    }
    return records;
  }

  private static Properties adminProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return props;
  }

  // ------------------------------------------------------------------------------------------
  // Finding or starting the broker
  // ------------------------------------------------------------------------------------------

  private static String locateOrStart() {
    String fromEnv = System.getenv(BOOTSTRAP_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      String address = fromEnv.trim();
      if (!answers(address)) {
        throw new IllegalStateException(
            BOOTSTRAP_ENV
                + "="
                + address
                + " but no Kafka broker answers there."
                + " Start one with 'bin/services start kafka' or unset "
                + BOOTSTRAP_ENV
                + ".");
      }
      return address;
    }
    Path repo =
        findRepoRoot()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No Kafka broker: "
                            + BOOTSTRAP_ENV
                            + " is not set and no bin/services was found above "
                            + Path.of("").toAbsolutePath()
                            + ". Run the tests with bin/test."));
    Path bootstrapFile = stateDir(repo).resolve("kafka").resolve("bootstrap");
    Optional<String> running = readAddress(bootstrapFile).filter(KafkaService::answers);
    if (running.isPresent()) {
      return running.get();
    }
    startWithServicesScript(repo);
    return readAddress(bootstrapFile)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "'bin/services start kafka' succeeded but wrote no " + bootstrapFile));
  }

  private static Optional<Path> findRepoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("services"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static Path stateDir(Path repo) {
    String configured = System.getenv("STRATA_STATE_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : repo.resolve(".strata").resolve("services");
  }

  private static Optional<String> readAddress(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void startWithServicesScript(Path repo) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", repo.resolve("bin").resolve("services").toString(), "start", "kafka")
            .directory(repo.toFile())
            .redirectErrorStream(true);
    String output;
    int exit;
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      // The broker itself writes to its own log file, so this stream ends when the script does.
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "'bin/services start kafka' did not finish within " + START_TIMEOUT + ":\n" + output);
      }
      exit = process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run bin/services start kafka", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Kafka", e);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "'bin/services start kafka' failed (exit " + exit + "):\n" + output);
    }
  }

  private static boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          2_000);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
