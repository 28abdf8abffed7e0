package io.strata.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.demo.TradingTruth.AccountMinute;
import io.strata.demo.TradingTruth.DwdQuote;
import io.strata.demo.TradingTruth.DwdTrade;
import io.strata.demo.TradingTruth.SymbolMinute;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small cases computed by hand against the pipeline contract. */
class TradingTruthTest {

  private static final Instant M0 = Instant.parse("2026-11-23T09:30:00Z");
  private static final Instant M1 = Instant.parse("2026-11-23T09:31:00Z");
  private static final Instant M2 = Instant.parse("2026-11-23T09:32:00Z");

  private static Instant at(String hms) {
    return Instant.parse("2026-11-23T" + hms + "Z");
  }

  private static GeneratedTrade trade(
      String id, String account, String symbol, String side, String price, long qty, String time) {
    return new GeneratedTrade(id, account, symbol, side, new BigDecimal(price), qty, at(time));
  }

  /** Encodes descriptions into real records, as the generator would. */
  private static List<ScenarioRecord> records(GeneratedTrade... trades) {
    TradeAvro avro = TradeAvro.fromClasspath();
    return java.util.Arrays.stream(trades)
        .map(
            t ->
                new ScenarioRecord(
                    TradingScenario.TRADES_TOPIC,
                    t.symbol().getBytes(),
                    avro.encode(t),
                    t.accountId() == null ? RecordKind.TRADE_NULL_ACCOUNT : RecordKind.TRADE,
                    t.accountId() == null
                        ? new MalformedRecord(
                            RecordKind.TRADE_NULL_ACCOUNT, "null account", t.tradeTime())
                        : t))
        .toList();
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  @Test
  void fiveTradesTwoWindowsOneLate() {
    // t1 09:30:10      wm before MIN           -> [09:30, 09:31)    wm after 09:30:04.999
    // t2 09:30:59.500  09:30:59.999 > wm       -> [09:30, 09:31)    wm after 09:30:54.499
    // t3 09:31:06      09:31:59.999 > wm       -> [09:31, 09:32)    wm after 09:31:00.999
    // t4 09:30:58      09:30:59.999 <= 09:31:00.999 -> LATE (in DWD, not in DWS)
    // t5 09:31:05.999  09:31:59.999 > wm       -> [09:31, 09:32)
    TradingTruth truth =
        TradingTruth.compute(
            records(
                trade("t1", "A", "AAPL", "BUY", "190.1234", 100, "09:30:10"),
                trade("t2", "B", "AAPL", "SELL", "190.2000", 50, "09:30:59.500"),
                trade("t3", "A", "MSFT", "BUY", "415.5000", 10, "09:31:06"),
                trade("t4", "A", "AAPL", "BUY", "190.0000", 20, "09:30:58"),
                trade("t5", "B", "MSFT", "SELL", "415.4000", 5, "09:31:05.999")));

    assertThat(truth.dwdTradeIds()).containsExactly("t1", "t2", "t3", "t4", "t5");
    assertThat(truth.dwdTrades().get(0))
        .isEqualTo(
            new DwdTrade(
                "t1",
                "A",
                "AAPL",
                "BUY",
                d("190.1234"),
                100,
                d("19012.3400"),
                100,
                at("09:30:10")));
    assertThat(truth.dwdTrades().get(1).notional()).isEqualTo(d("9510.0000"));
    assertThat(truth.dwdTrades().get(1).signedQuantity()).isEqualTo(-50);
    assertThat(truth.lateTradeIds()).containsExactly("t4");

    assertThat(truth.symbolMinute())
        .containsExactly(
            new SymbolMinute(
                M0,
                M1,
                "AAPL",
                2,
                150,
                d("28522.3400"),
                d("190.1489"),
                d("190.2000"),
                d("190.1234")),
            new SymbolMinute(
                M1,
                M2,
                "MSFT",
                2,
                15,
                d("6232.0000"),
                d("415.4667"),
                d("415.5000"),
                d("415.4000")));
    assertThat(truth.accountMinute())
        .containsExactly(
            new AccountMinute(M0, M1, "A", 1, 100, 100, d("19012.3400")),
            new AccountMinute(M0, M1, "B", 1, 50, -50, d("9510.0000")),
            new AccountMinute(M1, M2, "A", 1, 10, 10, d("4155.0000")),
            new AccountMinute(M1, M2, "B", 1, 5, -5, d("2077.0000")));

    TradingTruth.Counts c = truth.counts();
    assertThat(c.odsTrades()).isEqualTo(new TradingTruth.OdsCounts(5, 0, 5));
    assertThat(c.dwdTrades()).isEqualTo(new TradingTruth.DwdCounts(5, 0, 0, 5));
    assertThat(c.symbolMinute()).isEqualTo(new TradingTruth.DwsCounts(5, 1, 2));
    assertThat(c.accountMinute()).isEqualTo(new TradingTruth.DwsCounts(5, 1, 4));
    assertThat(truth.tradesWatermark()).isEqualTo(at("09:31:00.999"));
    // Only the 09:30 window has closed at the final watermark.
    assertThat(truth.symbolMinuteClosed())
        .extracting(SymbolMinute::windowStart)
        .containsExactly(M0);
    assertThat(truth.accountMinuteClosed()).hasSize(2);
  }

  @Test
  void lateExactlyWhenWindowEndMinusOneReachesTheWatermark() {
    // ts 09:31:05.000 -> wm 09:30:59.999 = end of [09:30, 09:31) - 1: a 09:30 trade is late.
    TradingTruth late =
        TradingTruth.compute(
            records(
                trade("a", "A", "AAPL", "BUY", "10.0000", 1, "09:31:05.000"),
                trade("b", "A", "AAPL", "BUY", "10.0000", 1, "09:30:59.000")));
    assertThat(late.lateTradeIds()).containsExactly("b");
    assertThat(late.symbolMinute()).extracting(SymbolMinute::windowStart).containsExactly(M1);

    // One millisecond earlier -> wm 09:30:59.998: not late, both windows get a trade.
    TradingTruth onTime =
        TradingTruth.compute(
            records(
                trade("a", "A", "AAPL", "BUY", "10.0000", 1, "09:31:04.999"),
                trade("b", "A", "AAPL", "BUY", "10.0000", 1, "09:30:59.000")));
    assertThat(onTime.lateTradeIds()).isEmpty();
    assertThat(onTime.symbolMinute()).extracting(SymbolMinute::windowStart).containsExactly(M0, M1);

    // A record is not judged against its own watermark update, and 09:31:00.000 opens the next
    // window.
    TradingTruth first =
        TradingTruth.compute(records(trade("c", "A", "AAPL", "BUY", "10.0000", 1, "09:31:00.000")));
    assertThat(first.lateTradeIds()).isEmpty();
    assertThat(first.symbolMinute()).extracting(SymbolMinute::windowStart).containsExactly(M1);
  }

  @Test
  void filteredAndDuplicateTradesDriveTheWatermarkDeadLettersDoNot() {
    TradingTruth truth =
        TradingTruth.compute(
            records(
                trade("r1", "A", "AAPL", "BUY", "10.0001", 1, "09:30:30"),
                // filtered, yet moves wm to 09:31:04.999
                trade("r2", "A", "AAPL", "CANCEL", "10.0000", 5, "09:31:10"),
                // late: 09:30:59.999 <= 09:31:04.999
                trade("r3", "B", "AAPL", "SELL", "10.0000", 1, "09:30:50"),
                // dead-lettered (null account): would move wm to 09:32:54.999 if it counted
                trade("r4", null, "AAPL", "BUY", "10.0000", 1, "09:33:00"),
                // on time because r4 did not count: 09:31:59.999 > 09:31:04.999
                trade("r5", "B", "AAPL", "BUY", "10.0000", 3, "09:31:20"),
                // duplicate of r1 (dropped), though 50 s later; duplicates do not reach DWS
                trade("r1", "A", "AAPL", "BUY", "10.0001", 1, "09:31:20"),
                // same id as the filtered r2: dedup runs after the where, so this one is kept
                trade("r2", "C", "AAPL", "BUY", "10.0000", 1, "09:31:21"),
                // quantity 0, price 0 and a null side all fail the where
                trade("r6", "C", "AAPL", "BUY", "10.0000", 0, "09:31:22"),
                trade("r7", "C", "AAPL", "BUY", "0.0000", 5, "09:31:22"),
                trade("r8", "C", "AAPL", "HOLD", "10.0000", 5, "09:31:22")));

    assertThat(truth.dwdTradeIds()).containsExactly("r1", "r3", "r5", "r2");
    assertThat(truth.lateTradeIds()).containsExactly("r3");
    TradingTruth.Counts c = truth.counts();
    assertThat(c.odsTrades()).isEqualTo(new TradingTruth.OdsCounts(10, 1, 9));
    assertThat(c.dwdTrades()).isEqualTo(new TradingTruth.DwdCounts(9, 4, 1, 4));
    assertThat(c.symbolMinute()).isEqualTo(new TradingTruth.DwsCounts(4, 1, 2));
    // [09:30): r1 alone. [09:31): r5 (3 @ 10) + r2 (1 @ 10).
    assertThat(truth.symbolMinute())
        .containsExactly(
            new SymbolMinute(
                M0, M1, "AAPL", 1, 1, d("10.0001"), d("10.0001"), d("10.0001"), d("10.0001")),
            new SymbolMinute(
                M1, M2, "AAPL", 2, 4, d("40.0000"), d("10.0000"), d("10.0000"), d("10.0000")));
    assertThat(truth.accountMinute())
        .containsExactly(
            new AccountMinute(M0, M1, "A", 1, 1, 1, d("10.0001")),
            new AccountMinute(M1, M2, "B", 1, 3, 3, d("30.0000")),
            new AccountMinute(M1, M2, "C", 1, 1, 1, d("10.0000")));
    assertThat(truth.tradesWatermark()).isEqualTo(at("09:31:16.999"));
  }

  @Test
  void vwapAndMidRoundHalfUp() {
    // 20.0001 / 2 = 10.00005 -> 10.0001 (HALF_EVEN would give 10.0000)
    TradingTruth truth =
        TradingTruth.compute(
            records(
                trade("x", "A", "V", "BUY", "10.0001", 1, "09:30:01"),
                trade("y", "A", "V", "SELL", "10.0000", 1, "09:30:02")));
    assertThat(truth.symbolMinute())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.notional()).isEqualTo(d("20.0001"));
              assertThat(r.vwap()).isEqualTo(d("10.0001"));
            });
    assertThat(truth.accountMinute())
        .singleElement()
        .satisfies(r -> assertThat(r.netQuantity()).isZero());

    // exact 1.00004995 -> 1.0000, via Flink's 6-digit intermediate 1.000050 -> 1.0001
    assertThat(TradingTruth.vwap(d("20000.9990"), 20000, -1)).isEqualTo(d("1.0000"));
    assertThat(TradingTruth.vwap(d("20000.9990"), 20000, 6)).isEqualTo(d("1.0001"));

    List<RecordDescription> quotes =
        List.of(
            new GeneratedQuote(
                "V", d("10.0001"), d("10.0004"), at("09:30:00")), // mid 10.00025 -> 10.0003
            new GeneratedQuote("V", d("10.0002"), d("10.0002"), at("09:30:01")), // ask = bid passes
            new GeneratedQuote("V", d("10.0004"), d("10.0001"), at("09:30:02")), // crossed
            new GeneratedQuote("V", d("0.0000"), d("10.0001"), at("09:30:03")), // bid 0
            new GeneratedQuote("V", null, d("10.0001"), at("09:30:04")), // null bid
            new GeneratedQuote("V", d("10.0001"), d("10.0002"), null), // NOT NULL quote_time
            new MalformedRecord(RecordKind.QUOTE_INVALID_JSON, "{", null));
    TradingTruth q = TradingTruth.compute(List.of(), quotes, TradingTruth.Settings.pipeline());
    assertThat(q.dwdQuotes())
        .containsExactly(
            new DwdQuote(
                "V", d("10.0001"), d("10.0004"), d("10.0003"), d("0.0003"), at("09:30:00")),
            new DwdQuote(
                "V", d("10.0002"), d("10.0002"), d("10.0002"), d("0.0000"), at("09:30:01")));
    assertThat(q.counts().odsQuotes()).isEqualTo(new TradingTruth.OdsCounts(7, 2, 5));
    assertThat(q.counts().dwdQuotes()).isEqualTo(new TradingTruth.DwdCounts(5, 3, 0, 2));
    assertThat(q.quotesWatermark()).isEqualTo(at("09:29:58.999"));
  }
}
