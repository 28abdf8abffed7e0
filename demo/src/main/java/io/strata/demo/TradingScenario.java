package io.strata.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic (per seed) list of trade and quote records, in the order they are written to
 * Kafka, each with its exact bytes and its plain-Java meaning.
 *
 * <p>The trades topic holds exactly {@link Options#trades()} records. Of these, the number of each
 * special kind is {@code Math.round(trades * rate)} (malformed records are split round-robin over
 * garbage bytes, truncated Avro and null account_id; filtered ones over quantity 0, side CANCEL and
 * price 0); the rest are valid trades. The quotes topic holds {@code Math.round(trades *
 * quotesPerTrade)} records, with malformed and filtered quotes at the same rates. The first trade
 * and the first quote are always valid.
 *
 * <p>Valid trades are spaced 50-150 ms of event time apart and carry up to {@code maxJitterMillis}
 * (default 2 s) of out-of-order jitter, always backwards, so with the pipeline's 5 s watermark
 * delay none of them is late. Late trades are 150-210 s behind the stream and always late.
 * Duplicates are byte-exact re-sends of one of the last five valid trades.
 */
public final class TradingScenario {

  public static final String TRADES_TOPIC = "trading.trades";
  public static final String QUOTES_TOPIC = "trading.quotes";
  public static final Instant DEFAULT_START = Instant.parse("2026-11-23T09:30:00Z");

  /**
   * Generation options; rates are fractions of the number of trades (respectively quotes).
   *
   * @param tradeIdPrefix prefix of trade ids, null for {@code "T<seed>"}
   */
  public record Options(
      int trades,
      Instant start,
      long seed,
      double malformedRate,
      double filteredRate,
      double duplicateRate,
      double lateRate,
      long maxJitterMillis,
      double quotesPerTrade,
      QuoteTimeFormat quoteTimeFormat,
      String tradeIdPrefix) {

    public Options {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(quoteTimeFormat, "quoteTimeFormat");
      if (trades < 0) {
        throw new IllegalArgumentException("trades must be >= 0");
      }
      checkRate("malformedRate", malformedRate);
      checkRate("filteredRate", filteredRate);
      checkRate("duplicateRate", duplicateRate);
      checkRate("lateRate", lateRate);
      if (malformedRate + filteredRate + duplicateRate + lateRate >= 1.0) {
        throw new IllegalArgumentException("the special-kind rates must add up to less than 1");
      }
      if (malformedRate + filteredRate >= 1.0) {
        throw new IllegalArgumentException("malformedRate + filteredRate must be below 1 (quotes)");
      }
      if (maxJitterMillis < 0 || maxJitterMillis > 4000) {
        throw new IllegalArgumentException(
            "maxJitterMillis must be within 0..4000 (more could make ordinary trades late)");
      }
      if (quotesPerTrade < 0 || Double.isNaN(quotesPerTrade)) {
        throw new IllegalArgumentException("quotesPerTrade must be >= 0");
      }
      if (tradeIdPrefix == null) {
        tradeIdPrefix = "T" + seed;
      }
    }

    private static void checkRate(String name, double rate) {
      if (!(rate >= 0.0 && rate < 1.0)) {
        throw new IllegalArgumentException(name + " must be within [0, 1): " + rate);
      }
    }

    /**
     * 1000 trades from 2026-11-23T09:30:00Z, seed 42, 2% malformed, 3% filtered, 2% duplicates, 1%
     * late.
     */
    public static Options defaults() {
      return new Options(
          1000,
          DEFAULT_START,
          42L,
          0.02,
          0.03,
          0.02,
          0.01,
          2000L,
          0.5,
          QuoteTimeFormat.ISO_8601,
          null);
    }

    /** All special-kind rates zero and no jitter: only valid, in-order records. */
    public Options clean() {
      return new Options(
          trades, start, seed, 0, 0, 0, 0, 0, quotesPerTrade, quoteTimeFormat, tradeIdPrefix);
    }

    public Options withTrades(int value) {
      return new Options(
          value,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withStart(Instant value) {
      return new Options(
          trades,
          value,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    /** Also resets a derived trade id prefix to {@code "T<seed>"}. */
    public Options withSeed(long value) {
      String prefix = tradeIdPrefix.equals("T" + seed) ? null : tradeIdPrefix;
      return new Options(
          trades,
          start,
          value,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          prefix);
    }

    public Options withMalformedRate(double value) {
      return new Options(
          trades,
          start,
          seed,
          value,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withFilteredRate(double value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          value,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withDuplicateRate(double value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          value,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withLateRate(double value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          value,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withMaxJitterMillis(long value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          value,
          quotesPerTrade,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withQuotesPerTrade(double value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          value,
          quoteTimeFormat,
          tradeIdPrefix);
    }

    public Options withQuoteTimeFormat(QuoteTimeFormat value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          value,
          tradeIdPrefix);
    }

    public Options withTradeIdPrefix(String value) {
      return new Options(
          trades,
          start,
          seed,
          malformedRate,
          filteredRate,
          duplicateRate,
          lateRate,
          maxJitterMillis,
          quotesPerTrade,
          quoteTimeFormat,
          value);
    }

    /** The number of quotes a finite scenario holds. */
    public int quotes() {
      return (int) Math.round(trades * quotesPerTrade);
    }
  }

  private final Options options;
  private final List<ScenarioRecord> records;

  private TradingScenario(Options options, List<ScenarioRecord> records) {
    this.options = options;
    this.records = Collections.unmodifiableList(records);
  }

  public static TradingScenario generate(Options options) {
    return generate(options, TradeAvro.fromClasspath());
  }

  public static TradingScenario generate(Options options, TradeAvro avro) {
    TradingEventSource source = TradingEventSource.planned(options, avro);
    List<ScenarioRecord> records = new ArrayList<>(options.trades() + options.quotes());
    for (int slot = 0; slot < options.trades(); slot++) {
      records.addAll(source.next());
    }
    return new TradingScenario(options, records);
  }

  public Options options() {
    return options;
  }

  /** All records, in the order they are produced (per topic this is the topic order). */
  public List<ScenarioRecord> records() {
    return records;
  }

  public List<ScenarioRecord> records(String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  public List<ScenarioRecord> trades() {
    return records(TRADES_TOPIC);
  }

  public List<ScenarioRecord> quotes() {
    return records(QUOTES_TOPIC);
  }

  public long count(RecordKind kind) {
    return records.stream().filter(r -> r.kind() == kind).count();
  }

  /** The number of records of every kind (zero counts included). */
  public Map<RecordKind, Long> countsByKind() {
    return countsByKind(records);
  }

  public static Map<RecordKind, Long> countsByKind(List<ScenarioRecord> records) {
    Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      counts.put(kind, 0L);
    }
    for (ScenarioRecord record : records) {
      counts.merge(record.kind(), 1L, Long::sum);
    }
    return Collections.unmodifiableMap(counts);
  }
}
