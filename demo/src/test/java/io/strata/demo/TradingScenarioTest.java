package io.strata.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TradingScenarioTest {

  private static final TradingScenario.Options RICH =
      TradingScenario.Options.defaults()
          .withTrades(3000)
          .withSeed(7)
          .withMalformedRate(0.03)
          .withFilteredRate(0.04)
          .withDuplicateRate(0.02)
          .withLateRate(0.01)
          .withQuotesPerTrade(0.5);

  @Test
  void sameSeedSameRecordsOtherSeedOtherRecords() {
    TradingScenario a = TradingScenario.generate(RICH);
    TradingScenario b = TradingScenario.generate(RICH);
    assertThat(a.records()).isEqualTo(b.records());
    for (int i = 0; i < a.records().size(); i++) {
      assertThat(a.records().get(i).value()).isEqualTo(b.records().get(i).value());
    }
    TradingScenario c = TradingScenario.generate(RICH.withSeed(8));
    assertThat(c.records()).isNotEqualTo(a.records());
    assertThat(c.trades().get(0).description()).isInstanceOf(GeneratedTrade.class);
    assertThat(((GeneratedTrade) c.trades().get(0).description()).tradeId()).startsWith("T8-");
  }

  @Test
  void everyKindAtItsRequestedRate() {
    TradingScenario s = TradingScenario.generate(RICH);
    Map<RecordKind, Long> n = s.countsByKind();
    assertThat(s.trades()).hasSize(3000);
    assertThat(s.quotes()).hasSize(1500);
    // round(3000 * 0.03) = 90 malformed trades, split evenly over three variants
    assertThat(n.get(RecordKind.TRADE_GARBAGE)).isEqualTo(30);
    assertThat(n.get(RecordKind.TRADE_TRUNCATED)).isEqualTo(30);
    assertThat(n.get(RecordKind.TRADE_NULL_ACCOUNT)).isEqualTo(30);
    assertThat(n.get(RecordKind.TRADE_FILTERED)).isEqualTo(120);
    assertThat(n.get(RecordKind.TRADE_DUPLICATE)).isEqualTo(60);
    assertThat(n.get(RecordKind.TRADE_LATE)).isEqualTo(30);
    assertThat(n.get(RecordKind.TRADE)).isEqualTo(3000 - 90 - 120 - 60 - 30);
    // round(1500 * 0.03) = 45 malformed quotes, round(1500 * 0.04) = 60 filtered
    assertThat(n.get(RecordKind.QUOTE_INVALID_JSON)).isEqualTo(15);
    assertThat(n.get(RecordKind.QUOTE_NON_NUMERIC_BID)).isEqualTo(15);
    assertThat(n.get(RecordKind.QUOTE_MISSING_TIME)).isEqualTo(15);
    assertThat(n.get(RecordKind.QUOTE_FILTERED)).isEqualTo(60);
    assertThat(n.get(RecordKind.QUOTE)).isEqualTo(1500 - 45 - 60);

    assertThat(s.trades().get(0).kind()).isEqualTo(RecordKind.TRADE);
    assertThat(s.quotes().get(0).kind()).isEqualTo(RecordKind.QUOTE);

    // every filtered variant occurs
    List<GeneratedTrade> filtered =
        descriptions(s, RecordKind.TRADE_FILTERED, GeneratedTrade.class);
    assertThat(filtered).filteredOn(t -> t.quantity() == 0).hasSize(40);
    assertThat(filtered).filteredOn(t -> t.side().equals("CANCEL")).hasSize(40);
    assertThat(filtered).filteredOn(t -> t.price().signum() == 0).hasSize(40);
    List<GeneratedQuote> filteredQuotes =
        descriptions(s, RecordKind.QUOTE_FILTERED, GeneratedQuote.class);
    assertThat(filteredQuotes).filteredOn(q -> q.bid() == null).hasSize(20);
    assertThat(filteredQuotes)
        .filteredOn(q -> q.bid() != null && q.bid().signum() == 0)
        .hasSize(20);
    assertThat(filteredQuotes)
        .filteredOn(q -> q.bid() != null && q.ask().compareTo(q.bid()) < 0)
        .hasSize(20);
  }

  @Test
  void theTruthSeesExactlyTheIntendedKinds() {
    for (long seed : new long[] {1, 2, 3, 42, 1234}) {
      TradingScenario s = TradingScenario.generate(RICH.withSeed(seed).withTrades(2000));
      TradingTruth truth = TradingTruth.compute(s);
      TradingTruth.Counts c = truth.counts();
      long malformedTrades =
          s.count(RecordKind.TRADE_GARBAGE)
              + s.count(RecordKind.TRADE_TRUNCATED)
              + s.count(RecordKind.TRADE_NULL_ACCOUNT);
      assertThat(c.odsTrades().in()).isEqualTo(2000);
      assertThat(c.odsTrades().deadLettered()).isEqualTo(malformedTrades);
      assertThat(c.dwdTrades().filtered()).isEqualTo(s.count(RecordKind.TRADE_FILTERED));
      assertThat(c.dwdTrades().deduplicated()).isEqualTo(s.count(RecordKind.TRADE_DUPLICATE));
      assertThat(c.dwdTrades().out())
          .isEqualTo(s.count(RecordKind.TRADE) + s.count(RecordKind.TRADE_LATE));
      assertThat(c.symbolMinute().late()).isEqualTo(s.count(RecordKind.TRADE_LATE));
      assertThat(c.accountMinute().late()).isEqualTo(s.count(RecordKind.TRADE_LATE));
      Set<String> lateIds = new HashSet<>();
      descriptions(s, RecordKind.TRADE_LATE, GeneratedTrade.class)
          .forEach(t -> lateIds.add(t.tradeId()));
      assertThat(truth.lateTradeIds()).isEqualTo(lateIds);
      assertThat(c.odsQuotes().deadLettered())
          .isEqualTo(
              s.count(RecordKind.QUOTE_INVALID_JSON)
                  + s.count(RecordKind.QUOTE_NON_NUMERIC_BID)
                  + s.count(RecordKind.QUOTE_MISSING_TIME));
      assertThat(c.dwdQuotes().filtered()).isEqualTo(s.count(RecordKind.QUOTE_FILTERED));
      assertThat(c.dwdQuotes().out()).isEqualTo(s.count(RecordKind.QUOTE));

      // DWS totals add up to the on-time DWD trades
      long onTime = c.dwdTrades().out() - c.symbolMinute().late();
      assertThat(
              truth.symbolMinute().stream().mapToLong(TradingTruth.SymbolMinute::tradeCount).sum())
          .isEqualTo(onTime);
      assertThat(
              truth.accountMinute().stream()
                  .mapToLong(TradingTruth.AccountMinute::tradeCount)
                  .sum())
          .isEqualTo(onTime);
      BigDecimal bySymbol =
          truth.symbolMinute().stream()
              .map(TradingTruth.SymbolMinute::notional)
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal byAccount =
          truth.accountMinute().stream()
              .map(TradingTruth.AccountMinute::notional)
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(bySymbol).isEqualTo(byAccount);
    }
  }

  @Test
  void eventTimesSpacingJitterAndLateness() {
    TradingScenario s = TradingScenario.generate(RICH);
    Instant start = RICH.start();
    long maxSoFar = Long.MIN_VALUE;
    List<ScenarioRecord> trades = s.trades();
    for (int i = 0; i < trades.size(); i++) {
      ScenarioRecord r = trades.get(i);
      if (r.kind() == RecordKind.TRADE || r.kind() == RecordKind.TRADE_FILTERED) {
        long ts = ((GeneratedTrade) r.description()).tradeTime().toEpochMilli();
        assertThat(ts).isGreaterThanOrEqualTo(start.toEpochMilli());
        if (maxSoFar != Long.MIN_VALUE) {
          assertThat(maxSoFar - ts)
              .as("jitter of record %d", i)
              .isLessThanOrEqualTo(2000 + 150 * 10);
        }
        maxSoFar = Math.max(maxSoFar, ts);
      } else if (r.kind() == RecordKind.TRADE_LATE) {
        long ts = ((GeneratedTrade) r.description()).tradeTime().toEpochMilli();
        assertThat(maxSoFar - ts).isBetween(150_000L - 2000, 210_000L + 150);
      } else if (r.kind() == RecordKind.TRADE_NULL_ACCOUNT) {
        assertThat(((MalformedRecord) r.description()).eventTime().toEpochMilli())
            .isLessThanOrEqualTo(maxSoFar);
      }
    }
    // ~100 ms per trade on average
    long span = maxSoFar - start.toEpochMilli();
    assertThat(span / (double) trades.size()).isCloseTo(100.0, within(5.0));
    // the jitter really puts some trades out of order
    assertThat(outOfOrder(s)).isGreaterThan(100);
    assertThat(outOfOrder(TradingScenario.generate(RICH.withMaxJitterMillis(0)))).isZero();
  }

  private static int outOfOrder(TradingScenario s) {
    int n = 0;
    long last = Long.MIN_VALUE;
    for (ScenarioRecord r : s.trades()) {
      if (r.kind() == RecordKind.TRADE) {
        long ts = ((GeneratedTrade) r.description()).tradeTime().toEpochMilli();
        n += ts < last ? 1 : 0;
        last = Math.max(last, ts);
      }
    }
    return n;
  }

  @Test
  void duplicatesAreExactResendsOfARecentValidTrade() {
    TradingScenario s = TradingScenario.generate(RICH);
    List<ScenarioRecord> trades = s.trades();
    int checked = 0;
    for (int i = 0; i < trades.size(); i++) {
      ScenarioRecord dup = trades.get(i);
      if (dup.kind() != RecordKind.TRADE_DUPLICATE) {
        continue;
      }
      String id = ((GeneratedTrade) dup.description()).tradeId();
      int j = i - 1;
      while (!(trades.get(j).kind() == RecordKind.TRADE
          && ((GeneratedTrade) trades.get(j).description()).tradeId().equals(id))) {
        j--;
      }
      ScenarioRecord original = trades.get(j);
      assertThat(dup.value()).isEqualTo(original.value());
      assertThat(dup.key()).isEqualTo(original.key());
      long validBetween =
          trades.subList(j, i).stream().filter(r -> r.kind() == RecordKind.TRADE).count();
      assertThat(validBetween).isBetween(1L, 5L);
      checked++;
    }
    assertThat(checked).isEqualTo(60);
  }

  @Test
  void tradesDecodeWithAPlainGenericDatumReader() throws IOException {
    TradingScenario s = TradingScenario.generate(RICH);
    Schema schema =
        new Schema.Parser()
            .parse(Files.readString(Path.of("src/main/resources/trading/schemas/trade.avsc")));
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
    Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
    Schema priceSchema = schema.getField("price").schema();
    int decoded = 0;
    int failed = 0;
    for (ScenarioRecord r : s.trades()) {
      byte[] bytes = r.value();
      switch (r.kind()) {
        case TRADE_GARBAGE, TRADE_TRUNCATED -> {
          assertThatThrownBy(
                  () -> reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null)))
              .as("%s", r)
              .isInstanceOfAny(IOException.class, RuntimeException.class);
          failed++;
        }
        default -> {
          GenericRecord g = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          BigDecimal price =
              decimals.fromBytes(
                  (ByteBuffer) g.get("price"), priceSchema, LogicalTypes.decimal(18, 4));
          GeneratedTrade expected =
              r.kind() == RecordKind.TRADE_NULL_ACCOUNT
                  ? fromDetail(r, g)
                  : (GeneratedTrade) r.description();
          assertThat(g.get("trade_id").toString()).isEqualTo(expected.tradeId());
          assertThat(g.get("account_id") == null ? null : g.get("account_id").toString())
              .isEqualTo(expected.accountId());
          assertThat(g.get("symbol").toString())
              .isEqualTo(expected.symbol())
              .isEqualTo(r.keyString());
          assertThat(g.get("side").toString()).isEqualTo(expected.side());
          assertThat(price).isEqualTo(expected.price());
          assertThat(price.scale()).isEqualTo(4);
          assertThat((Long) g.get("quantity")).isEqualTo(expected.quantity());
          assertThat((Long) g.get("trade_time")).isEqualTo(expected.tradeTime().toEpochMilli());
          assertThat(TradeAvro.fromClasspath().toTrade(g)).isEqualTo(expected);
          decoded++;
        }
      }
    }
    assertThat(failed).isEqualTo(60);
    assertThat(decoded).isEqualTo(3000 - 60);
  }

  /** Null-account trades describe themselves as malformed; check what they do carry. */
  private static GeneratedTrade fromDetail(ScenarioRecord r, GenericRecord g) {
    MalformedRecord m = (MalformedRecord) r.description();
    assertThat(g.get("account_id")).isNull();
    assertThat(m.detail()).contains(g.get("trade_id").toString());
    assertThat(m.eventTime().toEpochMilli()).isEqualTo((Long) g.get("trade_time"));
    return TradeAvro.fromClasspath().toTrade(g);
  }

  @ParameterizedTest
  @EnumSource(QuoteTimeFormat.class)
  void quotesAreJsonWithNumericDecimals(QuoteTimeFormat format) throws IOException {
    TradingScenario s = TradingScenario.generate(RICH.withTrades(1000).withQuoteTimeFormat(format));
    for (ScenarioRecord r : s.quotes()) {
      String text = new String(r.value(), StandardCharsets.UTF_8);
      switch (r.kind()) {
        case QUOTE_INVALID_JSON ->
            assertThatThrownBy(() -> QuoteJson.mapper().readTree(text))
                .as(text)
                .isInstanceOf(IOException.class);
        case QUOTE_NON_NUMERIC_BID -> {
          JsonNode node = QuoteJson.mapper().readTree(text);
          assertThat(node.get("bid").isTextual()).isTrue();
          assertThat(node.get("bid").asText()).isEqualTo("abc");
          assertThat(node.has("quote_time")).isTrue();
        }
        case QUOTE_MISSING_TIME -> {
          JsonNode node = QuoteJson.mapper().readTree(text);
          assertThat(node.has("quote_time")).isFalse();
          assertThat(node.get("bid").isNumber()).isTrue();
        }
        case QUOTE, QUOTE_FILTERED -> {
          GeneratedQuote q = (GeneratedQuote) r.description();
          JsonNode node =
              QuoteJson.mapper()
                  .reader()
                  .with(
                      com.fasterxml.jackson.databind.DeserializationFeature
                          .USE_BIG_DECIMAL_FOR_FLOATS)
                  .readTree(text);
          assertThat(node.fieldNames())
              .toIterable()
              .containsExactly("symbol", "bid", "ask", "quote_time");
          assertThat(node.get("symbol").asText()).isEqualTo(q.symbol()).isEqualTo(r.keyString());
          if (q.bid() == null) {
            assertThat(node.get("bid").isNull()).isTrue();
          } else {
            assertThat(node.get("bid").isNumber()).isTrue();
            assertThat(node.get("bid").decimalValue()).isEqualByComparingTo(q.bid());
            assertThat(text).contains("\"bid\":" + q.bid().toPlainString() + ",");
          }
          assertThat(node.get("ask").isNumber()).isTrue();
          assertThat(node.get("ask").decimalValue()).isEqualByComparingTo(q.ask());
          assertThat(text).contains("\"ask\":" + q.ask().toPlainString() + ",");
          JsonNode time = node.get("quote_time");
          Instant parsed =
              switch (format) {
                case EPOCH_MILLIS -> Instant.ofEpochMilli(time.asLong());
                case ISO_8601 -> Instant.parse(time.asText());
                case SQL -> Instant.parse(time.asText().replace(' ', 'T'));
              };
          assertThat(parsed).isEqualTo(q.quoteTime());
          if (r.kind() == RecordKind.QUOTE) {
            assertThat(q.bid().signum()).isPositive();
            assertThat(q.ask()).isGreaterThan(q.bid());
          }
        }
        default -> throw new AssertionError(r);
      }
    }
    String first = new String(s.quotes().get(0).value(), StandardCharsets.UTF_8);
    assertThat(first)
        .matches(
            switch (format) {
              case ISO_8601 ->
                  ".*\"bid\":\\d+\\.\\d{4},.*\"quote_time\":\"2026-11-23T09:30:\\d\\d\\.\\d{3}Z\"}";
              case SQL -> ".*\"quote_time\":\"2026-11-23 09:30:\\d\\d\\.\\d{3}Z\"}";
              case EPOCH_MILLIS -> ".*\"quote_time\":\\d{13}}";
            });
  }

  @Test
  void realisticMarket() {
    TradingScenario s = TradingScenario.generate(RICH);
    List<GeneratedTrade> valid = descriptions(s, RecordKind.TRADE, GeneratedTrade.class);
    Set<String> symbols = new HashSet<>();
    Set<String> accounts = new HashSet<>();
    for (GeneratedTrade t : valid) {
      symbols.add(t.symbol());
      accounts.add(t.accountId());
      assertThat(t.side()).isIn("BUY", "SELL");
      assertThat(t.quantity()).isBetween(1L, 1000L);
      assertThat(t.price().scale()).isEqualTo(4);
      BigDecimal open = TradingEventSource.SYMBOLS.get(t.symbol());
      assertThat(t.price().doubleValue() / open.doubleValue()).isBetween(0.8, 1.25);
    }
    assertThat(symbols).hasSize(10);
    assertThat(accounts).hasSize(50);
    assertThat(valid).filteredOn(t -> t.quantity() % 100 == 0).hasSizeGreaterThan(valid.size() / 2);
    TradingTruth truth = TradingTruth.compute(s);
    assertThat(truth.symbolMinute()).hasSizeGreaterThan(40);
  }

  @Test
  void flinkDoubleRoundingOfVwapIsRareButReal() {
    int rows = 0;
    int differ = 0;
    for (long seed = 1; seed <= 20; seed++) {
      TradingScenario s = TradingScenario.generate(RICH.withSeed(seed));
      List<TradingTruth.SymbolMinute> exact = TradingTruth.compute(s).symbolMinute();
      List<TradingTruth.SymbolMinute> flink =
          TradingTruth.compute(s.records(), TradingTruth.Settings.flinkSqlDecimals())
              .symbolMinute();
      assertThat(flink).hasSameSizeAs(exact);
      for (int i = 0; i < exact.size(); i++) {
        rows++;
        differ += exact.get(i).vwap().equals(flink.get(i).vwap()) ? 0 : 1;
        assertThat(exact.get(i).vwap().subtract(flink.get(i).vwap()).abs())
            .isLessThanOrEqualTo(d4("0.0001"));
      }
    }
    System.out.printf(
        "vwap exact vs Flink-style double rounding: %d of %d rows differ%n", differ, rows);
    assertThat(differ).isLessThan(rows / 20);
  }

  private static BigDecimal d4(String v) {
    return new BigDecimal(v);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 10})
  void tinyScenarios(int trades) {
    TradingScenario s =
        TradingScenario.generate(TradingScenario.Options.defaults().withTrades(trades));
    assertThat(s.trades()).hasSize(trades);
    TradingTruth truth = TradingTruth.compute(s);
    assertThat(truth.counts().odsTrades().in()).isEqualTo(trades);
  }

  @Test
  void theTwoSchemaCopiesAreIdentical() throws IOException {
    Path config = Path.of("../configs/trading/schemas/trade.avsc");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(config), "run from the demo module");
    assertThat(Files.readAllBytes(Path.of("src/main/resources/trading/schemas/trade.avsc")))
        .isEqualTo(Files.readAllBytes(config));
    Schema schema = TradeAvro.fromFile(config).schema();
    assertThat(schema.getFullName()).isEqualTo("io.strata.demo.Trade");
    assertThat(schema.getFields())
        .extracting(Schema.Field::name)
        .containsExactly(
            "trade_id", "account_id", "symbol", "side", "price", "quantity", "trade_time");
    assertThat(schema.getField("price").schema().getLogicalType())
        .isEqualTo(LogicalTypes.decimal(18, 4));
    assertThat(schema.getField("trade_time").schema().getLogicalType())
        .isEqualTo(LogicalTypes.timestampMillis());
    assertThat(schema.getField("account_id").defaultVal())
        .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
  }

  @Test
  void optionsRejectImpossibleRates() {
    assertThatThrownBy(
            () -> TradingScenario.Options.defaults().withMalformedRate(0.5).withFilteredRate(0.6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TradingScenario.Options.defaults().withMaxJitterMillis(10_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unboundedSourceKeepsTheGuarantees() {
    TradingScenario.Options o = RICH.withStart(Instant.parse("2026-11-23T14:00:00Z"));
    TradingEventSource source = TradingEventSource.unbounded(o, TradeAvro.fromClasspath());
    List<ScenarioRecord> records = new ArrayList<>();
    long clock = o.start().toEpochMilli();
    for (int i = 0; i < 4000; i++) {
      clock += 100;
      records.addAll(source.next(clock));
    }
    TradingTruth truth = TradingTruth.compute(records);
    Map<RecordKind, Long> n = TradingScenario.countsByKind(records);
    assertThat(n.values().stream().allMatch(v -> v > 0)).as("%s", n).isTrue();
    assertThat(truth.counts().symbolMinute().late()).isEqualTo(n.get(RecordKind.TRADE_LATE));
    assertThat(truth.counts().dwdTrades().deduplicated())
        .isEqualTo(n.get(RecordKind.TRADE_DUPLICATE));
    assertThat(n.get(RecordKind.QUOTE) + n.get(RecordKind.QUOTE_FILTERED)).isGreaterThan(1800);
  }

  @Test
  void commandLine() {
    TradingGenerator.Arguments a =
        TradingGenerator.Arguments.parse(
            "--bootstrap localhost:9092 --trades 50 --seed 9 --rate 5 --continuous --quote-time-format sql"
                .split(" "));
    assertThat(a.bootstrap).isEqualTo("localhost:9092");
    assertThat(a.options.trades()).isEqualTo(50);
    assertThat(a.options.seed()).isEqualTo(9);
    assertThat(a.options.tradeIdPrefix()).isEqualTo("T9");
    assertThat(a.rate).isEqualTo(5.0);
    assertThat(a.continuous).isTrue();
    assertThat(a.options.quoteTimeFormat()).isEqualTo(QuoteTimeFormat.SQL);
    assertThatThrownBy(() -> TradingGenerator.Arguments.parse(new String[] {"--trades", "5"}))
        .hasMessageContaining("--bootstrap");
    assertThatThrownBy(() -> TradingGenerator.Arguments.parse(new String[] {"--bogus", "5"}))
        .hasMessageContaining("unknown option");
  }

  private static <T> List<T> descriptions(TradingScenario s, RecordKind kind, Class<T> type) {
    return s.records().stream()
        .filter(r -> r.kind() == kind)
        .map(r -> type.cast(r.description()))
        .toList();
  }
}
