package io.strata.benchmarks.backfill;

import io.strata.demo.TradingEventSource;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.types.Row;

/**
 * The benchmark's day of trades, a pure function of the trade's index, so the Hive archive and the
 * ClickHouse table hold the same rows without either being read back: evenly spread over the UTC
 * day, the demo's symbols and accounts, 1% with quantity 0 (filtered by dwd.trades).
 */
final class BenchTrades implements Serializable {
  private static final String[] SYMBOLS =
      TradingEventSource.SYMBOLS.keySet().toArray(String[]::new);
  private static final long[] BASE_CENTS =
      TradingEventSource.SYMBOLS.values().stream()
          .mapToLong(p -> p.movePointRight(2).longValueExact())
          .toArray();

  private final long trades;
  private final long dayStartMillis;
  private final String day;

  BenchTrades(long trades, LocalDate day) {
    this.trades = trades;
    this.dayStartMillis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    this.day = day.toString();
  }

  private static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  String tradeId(long i) {
    return "B-" + i;
  }

  String account(long i) {
    return String.format("ACC-%04d", 1 + mix(i) % TradingEventSource.ACCOUNTS);
  }

  int symbol(long i) {
    return (int) ((mix(i) >>> 8) % SYMBOLS.length);
  }

  String side(long i) {
    return ((mix(i) >>> 16) & 1) == 0 ? "BUY" : "SELL";
  }

  /** Price in units of 0.0001: the symbol's opening price within +/- 5%. */
  long priceTicks(long i) {
    long base = BASE_CENTS[symbol(i)] * 100;
    return base + ((mix(i) >>> 20) % 1001 - 500) * base / 10_000;
  }

  long quantity(long i) {
    long r = (mix(i) >>> 32) % 1000;
    return r < 10 ? 0 : 10 * (1 + r % 100);
  }

  long tradeTimeMillis(long i) {
    return dayStartMillis + (long) ((double) i * 86_400_000L / trades);
  }

  /** The archive's row: declared columns (trade_time as UTC wall time), then the day. */
  Row archiveRow(Long i) {
    return Row.of(
        tradeId(i),
        account(i),
        SYMBOLS[symbol(i)],
        side(i),
        BigDecimal.valueOf(priceTicks(i), 4),
        quantity(i),
        LocalDateTime.ofInstant(Instant.ofEpochMilli(tradeTimeMillis(i)), ZoneOffset.UTC),
        day);
  }

  /**
   * The same row as a TabSeparated line of the ClickHouse trades table (trade_time in epoch ms).
   */
  void appendTsv(long i, StringBuilder out) {
    out.append(tradeId(i))
        .append('\t')
        .append(account(i))
        .append('\t')
        .append(SYMBOLS[symbol(i)])
        .append('\t')
        .append(side(i))
        .append('\t')
        .append(BigDecimal.valueOf(priceTicks(i), 4).toPlainString())
        .append('\t')
        .append(quantity(i))
        .append('\t')
        .append(tradeTimeMillis(i))
        .append('\n');
  }
}
