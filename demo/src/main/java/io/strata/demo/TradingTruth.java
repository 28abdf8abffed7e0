package io.strata.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent, plain-Java computation of what {@code configs/trading/pipeline.conf} must output
 * for a list of scenario records, following the engine's contract literally:
 *
 * <ul>
 *   <li>ODS: a record without a decodable value (a {@link MalformedRecord}) or with a null in a NOT
 *       NULL column (trade_id, account_id, symbol, trade_time; symbol, quote_time) is
 *       dead-lettered. The remaining records feed the table's watermark, in topic order: after a
 *       record with event time {@code ts}, {@code wm = max(wm, ts - delay - 1)}; a record is judged
 *       against the watermark left by the records before it. Dead-lettered records never move the
 *       watermark (the generator guarantees they could not have moved it anyway).
 *   <li>DWD trades: {@code quantity > 0 AND price > 0 AND side IN ('BUY','SELL')}, then the first
 *       occurrence of each trade_id wins (a later one within {@code dedupWithin} of event time is
 *       dropped; one further away is kept and becomes the new reference). notional = price *
 *       quantity at scale 4 (HALF_UP), signed_quantity = -quantity for SELL.
 *   <li>DWD quotes: {@code bid > 0 AND ask >= bid}; mid = (bid + ask) / 2 HALF_UP to scale 4,
 *       spread = ask - bid.
 *   <li>DWS: tumbling windows aligned to the epoch; a DWD trade is late, counted and left out of
 *       every window, iff {@code windowEnd(ts) - 1 <= wm} with wm the trades watermark at that
 *       point (driven by every ODS trade before it, filtered and duplicate ones included). vwap =
 *       SUM(notional) / SUM(quantity) HALF_UP to scale 4 (exact division, no intermediate
 *       rounding).
 * </ul>
 *
 * All decimals have scale 4; compare with {@link BigDecimal#compareTo} or normalise scale when the
 * pipeline's JSON drops trailing zeros.
 */
public final class TradingTruth {

  public static final int SCALE = 4;

  /**
   * The pipeline's constants.
   *
   * @param vwapIntermediateScale -1 (the contract): vwap is the exact quotient rounded HALF_UP to
   *     scale 4. A value {@code s >= 4} first rounds the quotient HALF_UP to scale {@code s}, then
   *     to 4, which is what Flink SQL's {@code CAST(DECIMAL(38,4) / BIGINT AS DECIMAL(18,4))} does
   *     with its DECIMAL(38, 6) intermediate ({@code s = 6}); the two differ for about 1 in 200
   *     rows.
   */
  public record Settings(
      Duration tradesWatermarkDelay,
      Duration quotesWatermarkDelay,
      Duration window,
      Duration dedupWithin,
      int vwapIntermediateScale) {
    public Settings {
      if (vwapIntermediateScale != -1 && vwapIntermediateScale < SCALE) {
        throw new IllegalArgumentException("vwapIntermediateScale must be -1 or >= " + SCALE);
      }
      Objects.requireNonNull(tradesWatermarkDelay);
      Objects.requireNonNull(quotesWatermarkDelay);
      Objects.requireNonNull(dedupWithin);
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive");
      }
    }

    public static Settings pipeline() {
      return new Settings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofMinutes(1),
          Duration.ofMinutes(10),
          -1);
    }

    /** The pipeline's constants with Flink SQL's double rounding of vwap (DECIMAL(38, 6) first). */
    public static Settings flinkSqlDecimals() {
      return pipeline().withVwapIntermediateScale(6);
    }

    public Settings withVwapIntermediateScale(int scale) {
      return new Settings(tradesWatermarkDelay, quotesWatermarkDelay, window, dedupWithin, scale);
    }
  }

  /** A row of dwd.trades (topic trading.dwd.trades). */
  public record DwdTrade(
      String tradeId,
      String accountId,
      String symbol,
      String side,
      BigDecimal price,
      long quantity,
      BigDecimal notional,
      long signedQuantity,
      Instant tradeTime) {}

  /** A row of dwd.quotes (topic trading.dwd.quotes). */
  public record DwdQuote(
      String symbol,
      BigDecimal bid,
      BigDecimal ask,
      BigDecimal mid,
      BigDecimal spread,
      Instant quoteTime) {}

  /** A row of dws.symbol_minute (topic trading.dws.symbol_minute). */
  public record SymbolMinute(
      Instant windowStart,
      Instant windowEnd,
      String symbol,
      long tradeCount,
      long volume,
      BigDecimal notional,
      BigDecimal vwap,
      BigDecimal high,
      BigDecimal low) {}

  /** A row of dws.account_minute (topic trading.dws.account_minute). */
  public record AccountMinute(
      Instant windowStart,
      Instant windowEnd,
      String accountId,
      long tradeCount,
      long volume,
      long netQuantity,
      BigDecimal notional) {}

  /** ODS: records read, dead-lettered, passed on ({@code out = in - deadLettered}). */
  public record OdsCounts(long in, long deadLettered, long out) {}

  /** DWD: rows in from ODS, dropped by where, dropped as duplicates, written. */
  public record DwdCounts(long in, long filtered, long deduplicated, long out) {}

  /** DWS: DWD rows in, late (excluded), rows (group/window results) written. */
  public record DwsCounts(long in, long late, long rows) {}

  public record Counts(
      OdsCounts odsTrades,
      OdsCounts odsQuotes,
      DwdCounts dwdTrades,
      DwdCounts dwdQuotes,
      DwsCounts symbolMinute,
      DwsCounts accountMinute) {}

  private final List<DwdTrade> dwdTrades;
  private final List<DwdTrade> lateTrades;
  private final List<DwdQuote> dwdQuotes;
  private final List<SymbolMinute> symbolMinute;
  private final List<AccountMinute> accountMinute;
  private final Counts counts;
  private final Instant tradesWatermark;
  private final Instant quotesWatermark;

  private TradingTruth(
      List<DwdTrade> dwdTrades,
      List<DwdTrade> lateTrades,
      List<DwdQuote> dwdQuotes,
      List<SymbolMinute> symbolMinute,
      List<AccountMinute> accountMinute,
      Counts counts,
      Instant tradesWatermark,
      Instant quotesWatermark) {
    this.dwdTrades = List.copyOf(dwdTrades);
    this.lateTrades = List.copyOf(lateTrades);
    this.dwdQuotes = List.copyOf(dwdQuotes);
    this.symbolMinute = List.copyOf(symbolMinute);
    this.accountMinute = List.copyOf(accountMinute);
    this.counts = counts;
    this.tradesWatermark = tradesWatermark;
    this.quotesWatermark = quotesWatermark;
  }

  public static TradingTruth compute(TradingScenario scenario) {
    return compute(scenario.records(), Settings.pipeline());
  }

  /** Records of both topics, each topic's in its topic order (other topics are ignored). */
  public static TradingTruth compute(List<ScenarioRecord> records) {
    return compute(records, Settings.pipeline());
  }

  public static TradingTruth compute(List<ScenarioRecord> records, Settings settings) {
    List<RecordDescription> trades = new ArrayList<>();
    List<RecordDescription> quotes = new ArrayList<>();
    for (ScenarioRecord record : records) {
      if (record.topic().equals(TradingScenario.TRADES_TOPIC)) {
        trades.add(record.description());
      } else if (record.topic().equals(TradingScenario.QUOTES_TOPIC)) {
        quotes.add(record.description());
      }
    }
    return compute(trades, quotes, settings);
  }

  /**
   * From descriptions alone: {@code trades} in trading.trades order ({@link GeneratedTrade} or
   * {@link MalformedRecord}), {@code quotes} in trading.quotes order.
   */
  public static TradingTruth compute(
      List<? extends RecordDescription> trades,
      List<? extends RecordDescription> quotes,
      Settings settings) {
    // ---- trades: ODS, DWD, DWS lateness in one pass in topic order
    long tradesIn = 0;
    long tradesDead = 0;
    long tradesFiltered = 0;
    long tradesDuplicate = 0;
    long tradesWm = Long.MIN_VALUE;
    long tradeDelay = settings.tradesWatermarkDelay().toMillis();
    long window = settings.window().toMillis();
    long within = settings.dedupWithin().toMillis();
    Map<String, Long> firstSeen = new HashMap<>();
    List<DwdTrade> dwd = new ArrayList<>();
    List<DwdTrade> late = new ArrayList<>();
    List<DwdTrade> onTime = new ArrayList<>();
    for (RecordDescription description : trades) {
      tradesIn++;
      if (!(description instanceof GeneratedTrade t) || t.accountId() == null) {
        if (description instanceof GeneratedQuote) {
          throw new IllegalArgumentException("a quote among the trades: " + description);
        }
        tradesDead++;
        continue;
      }
      long ts = t.tradeTime().toEpochMilli();
      long wmBefore = tradesWm;
      tradesWm = Math.max(tradesWm, ts - tradeDelay - 1);

      BigDecimal price = t.price().setScale(SCALE, RoundingMode.HALF_UP);
      boolean side = t.side() != null && (t.side().equals("BUY") || t.side().equals("SELL"));
      if (!(t.quantity() > 0 && price.signum() > 0 && side)) {
        tradesFiltered++;
        continue;
      }
      Long first = firstSeen.get(t.tradeId());
      if (first != null && Math.abs(ts - first) <= within) {
        tradesDuplicate++;
        continue;
      }
      firstSeen.put(t.tradeId(), ts);
      BigDecimal notional =
          price.multiply(BigDecimal.valueOf(t.quantity())).setScale(SCALE, RoundingMode.HALF_UP);
      long signed = t.side().equals("SELL") ? -t.quantity() : t.quantity();
      DwdTrade row =
          new DwdTrade(
              t.tradeId(),
              t.accountId(),
              t.symbol(),
              t.side(),
              price,
              t.quantity(),
              notional,
              signed,
              t.tradeTime());
      dwd.add(row);
      if (windowStart(ts, window) + window - 1 <= wmBefore) {
        late.add(row);
      } else {
        onTime.add(row);
      }
    }

    // ---- quotes
    long quotesIn = 0;
    long quotesDead = 0;
    long quotesFiltered = 0;
    long quotesWm = Long.MIN_VALUE;
    long quoteDelay = settings.quotesWatermarkDelay().toMillis();
    List<DwdQuote> dwdQuotes = new ArrayList<>();
    for (RecordDescription description : quotes) {
      quotesIn++;
      if (!(description instanceof GeneratedQuote q) || q.quoteTime() == null) {
        if (description instanceof GeneratedTrade) {
          throw new IllegalArgumentException("a trade among the quotes: " + description);
        }
        quotesDead++;
        continue;
      }
      quotesWm = Math.max(quotesWm, q.quoteTime().toEpochMilli() - quoteDelay - 1);
      BigDecimal bid = q.bid() == null ? null : q.bid().setScale(SCALE, RoundingMode.HALF_UP);
      BigDecimal ask = q.ask() == null ? null : q.ask().setScale(SCALE, RoundingMode.HALF_UP);
      if (bid == null || ask == null || bid.signum() <= 0 || ask.compareTo(bid) < 0) {
        quotesFiltered++;
        continue;
      }
      BigDecimal mid = bid.add(ask).divide(BigDecimal.valueOf(2), SCALE, RoundingMode.HALF_UP);
      dwdQuotes.add(new DwdQuote(q.symbol(), bid, ask, mid, ask.subtract(bid), q.quoteTime()));
    }

    // ---- DWS
    Map<WindowKey, Agg> bySymbol = new TreeMap<>();
    Map<WindowKey, Agg> byAccount = new TreeMap<>();
    for (DwdTrade row : onTime) {
      long start = windowStart(row.tradeTime().toEpochMilli(), window);
      bySymbol.computeIfAbsent(new WindowKey(start, row.symbol()), k -> new Agg()).add(row);
      byAccount.computeIfAbsent(new WindowKey(start, row.accountId()), k -> new Agg()).add(row);
    }
    List<SymbolMinute> symbolRows = new ArrayList<>();
    bySymbol.forEach(
        (k, a) ->
            symbolRows.add(
                new SymbolMinute(
                    Instant.ofEpochMilli(k.start()),
                    Instant.ofEpochMilli(k.start() + window),
                    k.key(),
                    a.count,
                    a.volume,
                    a.notional,
                    vwap(a.notional, a.volume, settings.vwapIntermediateScale()),
                    a.high,
                    a.low)));
    List<AccountMinute> accountRows = new ArrayList<>();
    byAccount.forEach(
        (k, a) ->
            accountRows.add(
                new AccountMinute(
                    Instant.ofEpochMilli(k.start()),
                    Instant.ofEpochMilli(k.start() + window),
                    k.key(),
                    a.count,
                    a.volume,
                    a.net,
                    a.notional)));

    long dwdTradesIn = tradesIn - tradesDead;
    Counts counts =
        new Counts(
            new OdsCounts(tradesIn, tradesDead, dwdTradesIn),
            new OdsCounts(quotesIn, quotesDead, quotesIn - quotesDead),
            new DwdCounts(dwdTradesIn, tradesFiltered, tradesDuplicate, dwd.size()),
            new DwdCounts(quotesIn - quotesDead, quotesFiltered, 0, dwdQuotes.size()),
            new DwsCounts(dwd.size(), late.size(), symbolRows.size()),
            new DwsCounts(dwd.size(), late.size(), accountRows.size()));
    return new TradingTruth(
        dwd,
        late,
        dwdQuotes,
        symbolRows,
        accountRows,
        counts,
        tradesWm == Long.MIN_VALUE ? null : Instant.ofEpochMilli(tradesWm),
        quotesWm == Long.MIN_VALUE ? null : Instant.ofEpochMilli(quotesWm));
  }

  /**
   * SUM(notional) / SUM(quantity) rounded HALF_UP to scale 4 (optionally via an intermediate
   * scale).
   */
  public static BigDecimal vwap(BigDecimal notional, long volume, int intermediateScale) {
    BigDecimal divisor = BigDecimal.valueOf(volume);
    if (intermediateScale < 0) {
      return notional.divide(divisor, SCALE, RoundingMode.HALF_UP);
    }
    return notional
        .divide(divisor, intermediateScale, RoundingMode.HALF_UP)
        .setScale(SCALE, RoundingMode.HALF_UP);
  }

  /** floor(ts / size) * size: the start of the epoch-aligned window holding {@code ts}. */
  public static long windowStart(long ts, long size) {
    return Math.floorDiv(ts, size) * size;
  }

  /** DWD trades in trading.trades order (late ones included). */
  public List<DwdTrade> dwdTrades() {
    return dwdTrades;
  }

  /** The DWD trades that DWS counts as late and leaves out of its windows. */
  public List<DwdTrade> lateTrades() {
    return lateTrades;
  }

  /** DWD quotes in trading.quotes order. */
  public List<DwdQuote> dwdQuotes() {
    return dwdQuotes;
  }

  /** One row per (window, symbol), ordered by window start then symbol. */
  public List<SymbolMinute> symbolMinute() {
    return symbolMinute;
  }

  /** One row per (window, account), ordered by window start then account. */
  public List<AccountMinute> accountMinute() {
    return accountMinute;
  }

  public Counts counts() {
    return counts;
  }

  /** The trades watermark after the last record, or null when no trade reached it. */
  public Instant tradesWatermark() {
    return tradesWatermark;
  }

  public Instant quotesWatermark() {
    return quotesWatermark;
  }

  /**
   * The symbol_minute rows whose window has closed at the final watermark ({@code windowEnd - 1 <=
   * wm}), i.e. what a bounded run has emitted before the sources go idle; with an end-of-input
   * flush all of {@link #symbolMinute()} is emitted.
   */
  public List<SymbolMinute> symbolMinuteClosed() {
    long wm = tradesWatermark == null ? Long.MIN_VALUE : tradesWatermark.toEpochMilli();
    return symbolMinute.stream().filter(r -> r.windowEnd().toEpochMilli() - 1 <= wm).toList();
  }

  /** As {@link #symbolMinuteClosed()} for account_minute. */
  public List<AccountMinute> accountMinuteClosed() {
    long wm = tradesWatermark == null ? Long.MIN_VALUE : tradesWatermark.toEpochMilli();
    return accountMinute.stream().filter(r -> r.windowEnd().toEpochMilli() - 1 <= wm).toList();
  }

  /** The DWD trade ids in order. */
  public List<String> dwdTradeIds() {
    return dwdTrades.stream().map(DwdTrade::tradeId).toList();
  }

  /** The trade ids of late trades. */
  public Set<String> lateTradeIds() {
    return Collections.unmodifiableSet(
        new java.util.LinkedHashSet<>(lateTrades.stream().map(DwdTrade::tradeId).toList()));
  }

  private record WindowKey(long start, String key) implements Comparable<WindowKey> {
    private static final Comparator<WindowKey> ORDER =
        Comparator.comparingLong(WindowKey::start).thenComparing(WindowKey::key);

    @Override
    public int compareTo(WindowKey o) {
      return ORDER.compare(this, o);
    }
  }

  private static final class Agg {
    long count;
    long volume;
    long net;
    BigDecimal notional = BigDecimal.ZERO.setScale(SCALE);
    BigDecimal high;
    BigDecimal low;

    void add(DwdTrade row) {
      count++;
      volume += row.quantity();
      net += row.signedQuantity();
      notional = notional.add(row.notional());
      high = high == null || row.price().compareTo(high) > 0 ? row.price() : high;
      low = low == null || row.price().compareTo(low) < 0 ? row.price() : low;
    }
  }
}
