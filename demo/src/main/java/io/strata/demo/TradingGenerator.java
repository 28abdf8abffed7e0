package io.strata.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a {@link TradingScenario} into Kafka.
 *
 * <pre>
 * TradingGenerator --bootstrap 127.0.0.1:19092 --trades 5000 --seed 7
 * TradingGenerator --bootstrap 127.0.0.1:19092 --rate 20 --continuous
 * </pre>
 *
 * Other flags: {@code --start 2026-11-23T09:30:00Z}, {@code --malformed-rate}, {@code
 * --filtered-rate}, {@code --duplicate-rate}, {@code --late-rate}, {@code --quotes-per-trade},
 * {@code --max-jitter-ms}, {@code --quote-time-format ISO_8601|SQL|EPOCH_MILLIS}.
 */
public final class TradingGenerator {

  private TradingGenerator() {}

  public static void main(String[] args) throws Exception {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Arguments.USAGE);
      System.exit(2);
      return;
    }
    if (a.help) {
      System.out.println(Arguments.USAGE);
      return;
    }
    if (a.continuous) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.set(true);
                    try {
                      main.join(10_000);
                    } catch (InterruptedException ignored) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      Map<RecordKind, Long> counts = runContinuous(a.bootstrap, a.options, a.rate, stop::get);
      System.out.println("stopped; written per kind: " + counts);
      return;
    }
    TradingScenario scenario = TradingScenario.generate(a.options);
    Map<RecordKind, Long> counts = write(a.bootstrap, scenario);
    System.out.printf(
        "wrote %d records (%d trades, %d quotes) to %s%n",
        scenario.records().size(), scenario.trades().size(), scenario.quotes().size(), a.bootstrap);
    counts.forEach((kind, n) -> System.out.printf("  %-22s %6d%n", kind, n));
    TradingTruth.Counts expected = TradingTruth.compute(scenario).counts();
    System.out.println("expected pipeline counts: " + expected);
  }

  /**
   * Creates the two topics (1 partition, broker-default replication) if missing, then writes the
   * scenario.
   */
  public static Map<RecordKind, Long> write(String bootstrap, TradingScenario scenario) {
    ensureTopics(bootstrap, List.of(TradingScenario.TRADES_TOPIC, TradingScenario.QUOTES_TOPIC));
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      send(producer, scenario.records());
    }
    return scenario.countsByKind();
  }

  /**
   * Writes records in order as fast as possible; returns once all are acknowledged.
   *
   * @throws IllegalStateException if any send failed
   */
  public static void send(KafkaProducer<byte[], byte[]> producer, List<ScenarioRecord> records) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (ScenarioRecord record : records) {
      producer.send(
          new ProducerRecord<>(record.topic(), record.key(), record.value()),
          (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          });
      if (failure.get() != null) {
        break;
      }
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("producing to Kafka failed", failure.get());
    }
  }

  /**
   * Produces trades at {@code tradesPerSecond} (quotes in proportion) with event time = wall clock
   * until {@code stop} returns true; {@code options.trades()} is ignored. Trade ids are prefixed
   * with the start second so that runs do not collide.
   */
  public static Map<RecordKind, Long> runContinuous(
      String bootstrap,
      TradingScenario.Options options,
      double tradesPerSecond,
      BooleanSupplier stop)
      throws InterruptedException {
    if (!(tradesPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    ensureTopics(bootstrap, List.of(TradingScenario.TRADES_TOPIC, TradingScenario.QUOTES_TOPIC));
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    TradingScenario.Options live =
        options.withStart(now).withTradeIdPrefix("L" + now.getEpochSecond() + "-" + options.seed());
    TradingEventSource source = TradingEventSource.unbounded(live, TradeAvro.fromClasspath());
    Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    long intervalNanos = (long) (1_000_000_000L / tradesPerSecond);
    long next = System.nanoTime();
    long lastReport = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      while (!stop.getAsBoolean()) {
        List<ScenarioRecord> batch = source.next(System.currentTimeMillis());
        for (ScenarioRecord r : batch) {
          producer.send(
              new ProducerRecord<>(r.topic(), r.key(), r.value()),
              (m, e) -> {
                if (e != null) {
                  System.err.println("send failed: " + e);
                }
              });
          counts.merge(r.kind(), 1L, Long::sum);
        }
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          lastReport = System.nanoTime();
          System.out.println(Instant.now() + " written so far: " + counts);
        }
        next += intervalNanos;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        } else if (sleep < -TimeUnit.SECONDS.toNanos(1)) {
          next = System.nanoTime(); // fell behind; do not burst
        }
      }
      producer.flush();
    }
    return counts;
  }

  /** Creates missing topics with one partition (AdminClient); existing topics are left alone. */
  public static void ensureTopics(String bootstrap, Collection<String> topics) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, Optional.of(1), Optional.empty()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + topics + " on " + bootstrap, e);
    }
  }

  /** acks=all, idempotent, byte-array key and value. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "strata-trading-generator");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Parsed command line. */
  static final class Arguments {
    static final String USAGE =
        """
                usage: TradingGenerator --bootstrap host:port [--trades N] [--seed S] [--start ISO-INSTANT]
                                        [--rate TRADES_PER_SECOND --continuous]
                                        [--malformed-rate R] [--filtered-rate R] [--duplicate-rate R] [--late-rate R]
                                        [--quotes-per-trade Q] [--max-jitter-ms MS]
                                        [--quote-time-format ISO_8601|SQL|EPOCH_MILLIS]""";

    String bootstrap;
    TradingScenario.Options options = TradingScenario.Options.defaults();
    double rate = 10.0;
    boolean continuous;
    boolean help;

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        switch (flag) {
          case "--continuous" -> a.continuous = true;
          case "-h", "--help" -> a.help = true;
          default -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("missing value for " + flag);
            }
            String v = args[++i];
            TradingScenario.Options o = a.options;
            try {
              switch (flag) {
                case "--bootstrap" -> a.bootstrap = v;
                case "--trades" -> a.options = o.withTrades(Integer.parseInt(v));
                case "--seed" -> a.options = o.withSeed(Long.parseLong(v));
                case "--start" -> a.options = o.withStart(Instant.parse(v));
                case "--rate" -> a.rate = Double.parseDouble(v);
                case "--malformed-rate" -> a.options = o.withMalformedRate(Double.parseDouble(v));
                case "--filtered-rate" -> a.options = o.withFilteredRate(Double.parseDouble(v));
                case "--duplicate-rate" -> a.options = o.withDuplicateRate(Double.parseDouble(v));
                case "--late-rate" -> a.options = o.withLateRate(Double.parseDouble(v));
                case "--quotes-per-trade" ->
                    a.options = o.withQuotesPerTrade(Double.parseDouble(v));
                case "--max-jitter-ms" -> a.options = o.withMaxJitterMillis(Long.parseLong(v));
                case "--quote-time-format" ->
                    a.options = o.withQuoteTimeFormat(QuoteTimeFormat.valueOf(v.toUpperCase()));
                default -> throw new IllegalArgumentException("unknown option " + flag);
              }
            } catch (RuntimeException e) {
              if (e instanceof IllegalArgumentException
                  && e.getMessage() != null
                  && e.getMessage().startsWith("unknown option")) {
                throw e;
              }
              throw new IllegalArgumentException(
                  "bad value for " + flag + ": " + v + " (" + e.getMessage() + ")", e);
            }
          }
        }
      }
      if (!a.help && (a.bootstrap == null || a.bootstrap.isBlank())) {
        throw new IllegalArgumentException("--bootstrap is required");
      }
      return a;
    }
  }
}
