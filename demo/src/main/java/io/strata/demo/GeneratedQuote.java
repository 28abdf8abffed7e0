package io.strata.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The logical values of a quote written to {@code trading.quotes}. {@code bid} and {@code ask} may
 * be null (JSON null: decodable, fails the DWD {@code where}); a null {@code quoteTime} violates
 * the NOT NULL column and is dead-lettered.
 */
public record GeneratedQuote(String symbol, BigDecimal bid, BigDecimal ask, Instant quoteTime)
    implements RecordDescription {

  public GeneratedQuote {
    Objects.requireNonNull(symbol, "symbol");
  }
}
