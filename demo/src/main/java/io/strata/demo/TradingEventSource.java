package io.strata.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The stateful engine behind {@link TradingScenario}: each call to {@link #next()} (simulated
 * clock) or {@link #next(long)} (caller's clock, e.g. wall clock for the live demo) produces one
 * trade-topic record, preceded by the quotes due in that slot.
 */
public final class TradingEventSource {

  /** Symbols with their opening mid price and relative activity. */
  public static final Map<String, BigDecimal> SYMBOLS;

  private static final int[] SYMBOL_WEIGHTS = {14, 12, 8, 9, 15, 8, 13, 7, 6, 8};
  public static final int ACCOUNTS = 50;

  static {
    Map<String, BigDecimal> symbols = new LinkedHashMap<>();
    symbols.put("AAPL", new BigDecimal("189.5000"));
    symbols.put("MSFT", new BigDecimal("415.2000"));
    symbols.put("GOOGL", new BigDecimal("172.3000"));
    symbols.put("AMZN", new BigDecimal("186.4000"));
    symbols.put("NVDA", new BigDecimal("121.8000"));
    symbols.put("META", new BigDecimal("512.6000"));
    symbols.put("TSLA", new BigDecimal("248.9000"));
    symbols.put("JPM", new BigDecimal("211.7000"));
    symbols.put("V", new BigDecimal("279.3000"));
    symbols.put("XOM", new BigDecimal("117.4000"));
    SYMBOLS = Collections.unmodifiableMap(symbols);
  }

  private static final BigDecimal TICK = new BigDecimal("0.0001");
  private static final BigDecimal MIN_PRICE = new BigDecimal("1.0000");
  private static final long LATE_MIN_MILLIS = 150_000;
  private static final long LATE_MAX_MILLIS = 210_000;
  private static final int RECENT_TRADES = 5;
  private static final RecordKind[] MALFORMED_TRADES = {
    RecordKind.TRADE_GARBAGE, RecordKind.TRADE_TRUNCATED, RecordKind.TRADE_NULL_ACCOUNT
  };
  private static final RecordKind[] MALFORMED_QUOTES = {
    RecordKind.QUOTE_INVALID_JSON, RecordKind.QUOTE_NON_NUMERIC_BID, RecordKind.QUOTE_MISSING_TIME
  };

  private final TradingScenario.Options options;
  private final TradeAvro avro;
  private final Planner planner;
  private final Random random;
  private final String[] symbols = SYMBOLS.keySet().toArray(String[]::new);
  private final BigDecimal[] mids = SYMBOLS.values().toArray(BigDecimal[]::new);
  private final int totalWeight = Arrays.stream(SYMBOL_WEIGHTS).sum();
  private final Deque<ScenarioRecord> recentTrades = new ArrayDeque<>();

  private long clock;
  private long slot;
  private long quoteIndex;
  private long tradeSeq;
  private long maxTradeTime = Long.MIN_VALUE;
  private long maxQuoteTime = Long.MIN_VALUE;
  private int filteredTrades;
  private int filteredQuotes;
  private int garbageTrades;
  private int invalidJsonQuotes;

  private TradingEventSource(TradingScenario.Options options, TradeAvro avro, Planner planner) {
    this.options = options;
    this.avro = avro;
    this.planner = planner;
    this.random = new Random(options.seed());
    this.clock = options.start().toEpochMilli();
  }

  /**
   * Exactly {@code options.trades()} slots with the exact per-kind counts of {@link
   * TradingScenario}.
   */
  public static TradingEventSource planned(TradingScenario.Options options, TradeAvro avro) {
    return new TradingEventSource(options, avro, new PlannedKinds(options));
  }

  /** An endless source drawing each record's kind at random with the option rates. */
  public static TradingEventSource unbounded(TradingScenario.Options options, TradeAvro avro) {
    return new TradingEventSource(options, avro, new RandomKinds(options));
  }

  /** Slots produced so far (= trade-topic records). */
  public long slots() {
    return slot;
  }

  /** The next slot on the simulated clock, which advances 50-150 ms per slot from the start. */
  public List<ScenarioRecord> next() {
    clock += 50 + random.nextInt(101);
    return next(clock);
  }

  /** The next slot with the stream's current event time {@code baseMillis} (non-decreasing). */
  public List<ScenarioRecord> next(long baseMillis) {
    List<ScenarioRecord> out = new ArrayList<>(3);
    int quotes = planner.quotesFor(slot);
    for (int i = 0; i < quotes; i++) {
      out.add(quote(planner.quoteKind(quoteIndex++), baseMillis));
    }
    out.add(trade(planner.tradeKind(slot), baseMillis));
    slot++;
    return out;
  }

  // ---------------------------------------------------------------------------------- trades

  private ScenarioRecord trade(RecordKind kind, long base) {
    // Kinds that need an earlier valid trade fall back to a plain trade (planners never ask for
    // them in the first slot, so this only guards hand-rolled use).
    if (recentTrades.isEmpty()
        && kind != RecordKind.TRADE_GARBAGE
        && kind != RecordKind.TRADE_TRUNCATED
        && kind != RecordKind.TRADE_FILTERED) {
      kind = RecordKind.TRADE;
    }
    switch (kind) {
      case TRADE -> {
        GeneratedTrade trade = newTrade(jittered(base));
        maxTradeTime = Math.max(maxTradeTime, trade.tradeTime().toEpochMilli());
        ScenarioRecord record = tradeRecord(kind, trade, avro.encode(trade), trade);
        recentTrades.addLast(record);
        if (recentTrades.size() > RECENT_TRADES) {
          recentTrades.removeFirst();
        }
        return record;
      }
      case TRADE_FILTERED -> {
        GeneratedTrade t = newTrade(jittered(base));
        GeneratedTrade trade =
            switch (filteredTrades++ % 3) {
              case 0 ->
                  new GeneratedTrade(
                      t.tradeId(),
                      t.accountId(),
                      t.symbol(),
                      t.side(),
                      t.price(),
                      0L,
                      t.tradeTime());
              case 1 ->
                  new GeneratedTrade(
                      t.tradeId(),
                      t.accountId(),
                      t.symbol(),
                      "CANCEL",
                      t.price(),
                      t.quantity(),
                      t.tradeTime());
              default ->
                  new GeneratedTrade(
                      t.tradeId(),
                      t.accountId(),
                      t.symbol(),
                      t.side(),
                      BigDecimal.ZERO.setScale(4),
                      t.quantity(),
                      t.tradeTime());
            };
        maxTradeTime = Math.max(maxTradeTime, trade.tradeTime().toEpochMilli());
        return tradeRecord(kind, trade, avro.encode(trade), trade);
      }
      case TRADE_DUPLICATE -> {
        List<ScenarioRecord> recent = new ArrayList<>(recentTrades);
        ScenarioRecord original = recent.get(random.nextInt(recent.size()));
        return new ScenarioRecord(
            original.topic(), original.key(), original.value(), kind, original.description());
      }
      case TRADE_LATE -> {
        long behind =
            LATE_MIN_MILLIS + (long) (random.nextDouble() * (LATE_MAX_MILLIS - LATE_MIN_MILLIS));
        GeneratedTrade trade = newTrade(base - behind);
        return tradeRecord(kind, trade, avro.encode(trade), trade);
      }
      case TRADE_GARBAGE -> {
        String symbol = pickSymbol();
        byte[] bytes;
        String detail;
        do {
          if (garbageTrades++ % 2 == 0) {
            bytes = new byte[8 + random.nextInt(33)];
            random.nextBytes(bytes);
            bytes[0] |= 1; // odd first varint byte: negative string length for trade_id
            detail = bytes.length + " random bytes (not an Avro datum)";
          } else {
            bytes =
                ("{\"symbol\":\""
                        + symbol
                        + "\",\"price\":"
                        + mids[indexOf(symbol)].toPlainString()
                        + ",\"qty\":"
                        + (1 + random.nextInt(1000))
                        + "}")
                    .getBytes(StandardCharsets.UTF_8);
            detail = "a JSON text on the Avro topic";
          }
        } while (avro.isDecodable(bytes));
        return new ScenarioRecord(
            TradingScenario.TRADES_TOPIC,
            symbol.getBytes(StandardCharsets.UTF_8),
            bytes,
            kind,
            new MalformedRecord(kind, detail, null));
      }
      case TRADE_TRUNCATED -> {
        GeneratedTrade trade = newTrade(jittered(base));
        byte[] full = avro.encode(trade);
        byte[] cut = Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
        if (avro.isDecodable(cut)) {
          throw new IllegalStateException("a truncated datum decoded: " + trade);
        }
        return tradeRecord(
            kind,
            trade,
            cut,
            new MalformedRecord(
                kind,
                "Avro datum of "
                    + trade.tradeId()
                    + " cut from "
                    + full.length
                    + " to "
                    + cut.length
                    + " bytes",
                null));
      }
      case TRADE_NULL_ACCOUNT -> {
        long time = Math.min(jittered(base), maxTradeTime); // never advances the watermark
        GeneratedTrade trade = newTrade(time).withAccountId(null);
        return tradeRecord(
            kind,
            trade,
            avro.encode(trade),
            new MalformedRecord(
                kind,
                "account_id is null (violates STRING NOT NULL): " + trade,
                trade.tradeTime()));
      }
      default -> throw new IllegalArgumentException("not a trade kind: " + kind);
    }
  }

  private ScenarioRecord tradeRecord(
      RecordKind kind, GeneratedTrade trade, byte[] value, RecordDescription description) {
    return new ScenarioRecord(
        TradingScenario.TRADES_TOPIC,
        trade.symbol().getBytes(StandardCharsets.UTF_8),
        value,
        kind,
        description);
  }

  private GeneratedTrade newTrade(long time) {
    int s = pickSymbolIndex();
    BigDecimal mid = walk(s);
    BigDecimal bid = mid.subtract(ticks(10 + random.nextInt(141)));
    BigDecimal ask = mid.add(ticks(10 + random.nextInt(141)));
    int spreadTicks = ask.subtract(bid).unscaledValue().intValueExact();
    BigDecimal price = bid.add(ticks(random.nextInt(spreadTicks + 1))).max(MIN_PRICE);
    String account = String.format("ACC-%04d", 1 + random.nextInt(ACCOUNTS));
    String side = random.nextBoolean() ? "BUY" : "SELL";
    return new GeneratedTrade(
        String.format("%s-%08d", options.tradeIdPrefix(), ++tradeSeq),
        account,
        symbols[s],
        side,
        price,
        quantity(),
        Instant.ofEpochMilli(time));
  }

  /** 1..1000 in lots: mostly round lots of 100, some of 10, a few odd lots. */
  private long quantity() {
    int r = random.nextInt(100);
    if (r < 65) {
      return 100L * (1 + random.nextInt(10));
    } else if (r < 90) {
      return 10L * (1 + random.nextInt(99));
    }
    return 1 + random.nextInt(99);
  }

  // ---------------------------------------------------------------------------------- quotes

  private ScenarioRecord quote(RecordKind kind, long base) {
    if (maxQuoteTime == Long.MIN_VALUE && kind == RecordKind.QUOTE_NON_NUMERIC_BID) {
      kind = RecordKind.QUOTE;
    }
    int s = pickSymbolIndex();
    BigDecimal mid = walk(s);
    BigDecimal bid = mid.subtract(ticks(10 + random.nextInt(141)));
    BigDecimal ask = mid.add(ticks(10 + random.nextInt(141)));
    Instant time = Instant.ofEpochMilli(jittered(base));
    byte[] key = symbols[s].getBytes(StandardCharsets.UTF_8);
    QuoteTimeFormat format = options.quoteTimeFormat();
    switch (kind) {
      case QUOTE -> {
        GeneratedQuote quote = new GeneratedQuote(symbols[s], bid, ask, time);
        maxQuoteTime = Math.max(maxQuoteTime, time.toEpochMilli());
        return quoteRecord(key, QuoteJson.encode(quote, format), kind, quote);
      }
      case QUOTE_FILTERED -> {
        GeneratedQuote quote =
            switch (filteredQuotes++ % 3) {
              case 0 -> new GeneratedQuote(symbols[s], ask, bid, time); // crossed: ask < bid
              case 1 -> new GeneratedQuote(symbols[s], BigDecimal.ZERO.setScale(4), ask, time);
              default -> new GeneratedQuote(symbols[s], null, ask, time);
            };
        maxQuoteTime = Math.max(maxQuoteTime, time.toEpochMilli());
        return quoteRecord(key, QuoteJson.encode(quote, format), kind, quote);
      }
      case QUOTE_INVALID_JSON -> {
        String json =
            new String(
                QuoteJson.encode(new GeneratedQuote(symbols[s], bid, ask, time), format),
                StandardCharsets.UTF_8);
        String text;
        if (invalidJsonQuotes++ % 2 == 0) {
          text = json.substring(0, 1 + random.nextInt(json.length() - 1));
        } else {
          text =
              "symbol="
                  + symbols[s]
                  + " bid="
                  + bid.toPlainString()
                  + " ask="
                  + ask.toPlainString();
        }
        return quoteRecord(
            key,
            text.getBytes(StandardCharsets.UTF_8),
            kind,
            new MalformedRecord(kind, "not JSON: " + text, null));
      }
      case QUOTE_NON_NUMERIC_BID -> {
        Instant capped = Instant.ofEpochMilli(Math.min(time.toEpochMilli(), maxQuoteTime));
        ObjectNode node =
            QuoteJson.toNode(new GeneratedQuote(symbols[s], bid, ask, capped), format);
        node.put("bid", "abc");
        return quoteRecord(
            key,
            QuoteJson.toBytes(node),
            kind,
            new MalformedRecord(kind, "bid is not a decimal: " + node, capped));
      }
      case QUOTE_MISSING_TIME -> {
        GeneratedQuote quote = new GeneratedQuote(symbols[s], bid, ask, null);
        byte[] bytes = QuoteJson.encode(quote, format);
        return quoteRecord(
            key,
            bytes,
            kind,
            new MalformedRecord(
                kind,
                "quote_time missing (violates TIMESTAMP_LTZ(3) NOT NULL): "
                    + new String(bytes, StandardCharsets.UTF_8),
                null));
      }
      default -> throw new IllegalArgumentException("not a quote kind: " + kind);
    }
  }

  private static ScenarioRecord quoteRecord(
      byte[] key, byte[] value, RecordKind kind, RecordDescription d) {
    return new ScenarioRecord(TradingScenario.QUOTES_TOPIC, key, value, kind, d);
  }

  // ---------------------------------------------------------------------------------- market

  private long jittered(long base) {
    long jitter =
        options.maxJitterMillis() == 0
            ? 0
            : (long) (random.nextDouble() * (options.maxJitterMillis() + 1));
    return Math.max(options.start().toEpochMilli(), base - jitter);
  }

  private BigDecimal walk(int s) {
    double step = random.nextGaussian() * 0.0003;
    BigDecimal next =
        mids[s]
            .multiply(BigDecimal.valueOf(1.0 + step), MathContext.DECIMAL64)
            .setScale(4, RoundingMode.HALF_UP);
    mids[s] = next.max(new BigDecimal("5.0000"));
    return mids[s];
  }

  private static BigDecimal ticks(int n) {
    return TICK.multiply(BigDecimal.valueOf(n));
  }

  private int pickSymbolIndex() {
    int r = random.nextInt(totalWeight);
    for (int i = 0; i < SYMBOL_WEIGHTS.length; i++) {
      r -= SYMBOL_WEIGHTS[i];
      if (r < 0) {
        return i;
      }
    }
    return SYMBOL_WEIGHTS.length - 1;
  }

  private String pickSymbol() {
    return symbols[pickSymbolIndex()];
  }

  private int indexOf(String symbol) {
    return Arrays.asList(symbols).indexOf(symbol);
  }

  // ---------------------------------------------------------------------------------- plans

  private interface Planner {
    RecordKind tradeKind(long slot);

    int quotesFor(long slot);

    RecordKind quoteKind(long quoteIndex);
  }

  /** Exact counts, shuffled over every slot but the first. */
  private static final class PlannedKinds implements Planner {
    private final RecordKind[] trades;
    private final RecordKind[] quotes;
    private final long quoteTotal;
    private final long tradeTotal;

    PlannedKinds(TradingScenario.Options o) {
      Random r = new Random(o.seed() * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
      tradeTotal = o.trades();
      quoteTotal = o.quotes();
      trades =
          plan(
              o.trades(),
              RecordKind.TRADE,
              r,
              new Object[] {MALFORMED_TRADES, o.malformedRate()},
              new Object[] {new RecordKind[] {RecordKind.TRADE_FILTERED}, o.filteredRate()},
              new Object[] {new RecordKind[] {RecordKind.TRADE_DUPLICATE}, o.duplicateRate()},
              new Object[] {new RecordKind[] {RecordKind.TRADE_LATE}, o.lateRate()});
      quotes =
          plan(
              o.quotes(),
              RecordKind.QUOTE,
              r,
              new Object[] {MALFORMED_QUOTES, o.malformedRate()},
              new Object[] {new RecordKind[] {RecordKind.QUOTE_FILTERED}, o.filteredRate()});
    }

    private static RecordKind[] plan(int n, RecordKind normal, Random r, Object[]... specials) {
      List<RecordKind> kinds = new ArrayList<>(n);
      for (Object[] special : specials) {
        RecordKind[] variants = (RecordKind[]) special[0];
        long count = Math.round(n * (Double) special[1]);
        for (int i = 0; i < count; i++) {
          kinds.add(variants[i % variants.length]);
        }
      }
      if (n > 0 && kinds.size() > n - 1) {
        throw new IllegalArgumentException("rates too high for " + n + " records");
      }
      while (kinds.size() < Math.max(0, n - 1)) {
        kinds.add(normal);
      }
      Collections.shuffle(kinds, r);
      if (n > 0) {
        kinds.add(0, normal);
      }
      return kinds.toArray(RecordKind[]::new);
    }

    @Override
    public RecordKind tradeKind(long slot) {
      return slot < trades.length ? trades[(int) slot] : RecordKind.TRADE;
    }

    @Override
    public int quotesFor(long slot) {
      if (tradeTotal == 0 || slot >= tradeTotal) {
        return 0;
      }
      return (int) ((slot + 1) * quoteTotal / tradeTotal - slot * quoteTotal / tradeTotal);
    }

    @Override
    public RecordKind quoteKind(long quoteIndex) {
      return quoteIndex < quotes.length ? quotes[(int) quoteIndex] : RecordKind.QUOTE;
    }
  }

  /** Independent draws; the first trade and first quote are always valid. */
  private static final class RandomKinds implements Planner {
    private final TradingScenario.Options o;
    private final Random r;
    private double quoteCredit;

    RandomKinds(TradingScenario.Options o) {
      this.o = o;
      this.r = new Random(o.seed() * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
    }

    @Override
    public RecordKind tradeKind(long slot) {
      double u = r.nextDouble();
      if (slot == 0) {
        return RecordKind.TRADE;
      }
      if ((u -= o.malformedRate()) < 0) {
        return MALFORMED_TRADES[r.nextInt(MALFORMED_TRADES.length)];
      }
      if ((u -= o.filteredRate()) < 0) {
        return RecordKind.TRADE_FILTERED;
      }
      if ((u -= o.duplicateRate()) < 0) {
        return RecordKind.TRADE_DUPLICATE;
      }
      if ((u -= o.lateRate()) < 0) {
        return RecordKind.TRADE_LATE;
      }
      return RecordKind.TRADE;
    }

    @Override
    public int quotesFor(long slot) {
      quoteCredit += o.quotesPerTrade();
      int n = (int) Math.floor(quoteCredit);
      quoteCredit -= n;
      return n;
    }

    @Override
    public RecordKind quoteKind(long quoteIndex) {
      double u = r.nextDouble();
      if (quoteIndex == 0) {
        return RecordKind.QUOTE;
      }
      if ((u -= o.malformedRate()) < 0) {
        return MALFORMED_QUOTES[r.nextInt(MALFORMED_QUOTES.length)];
      }
      if ((u -= o.filteredRate()) < 0) {
        return RecordKind.QUOTE_FILTERED;
      }
      return RecordKind.QUOTE;
    }
  }
}
