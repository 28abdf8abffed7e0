package io.strata.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The logical values of a trade written to {@code trading.trades}. {@code accountId} may be null
 * (the Avro schema allows it; the ODS column is NOT NULL, so such a trade is dead-lettered).
 */
public record GeneratedTrade(
    String tradeId,
    String accountId,
    String symbol,
    String side,
    BigDecimal price,
    long quantity,
    Instant tradeTime)
    implements RecordDescription {

  public GeneratedTrade {
    Objects.requireNonNull(tradeId, "tradeId");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(tradeTime, "tradeTime");
  }

  public GeneratedTrade withAccountId(String newAccountId) {
    return new GeneratedTrade(tradeId, newAccountId, symbol, side, price, quantity, tradeTime);
  }

  public GeneratedTrade withTradeTime(Instant newTradeTime) {
    return new GeneratedTrade(tradeId, accountId, symbol, side, price, quantity, newTradeTime);
  }
}
