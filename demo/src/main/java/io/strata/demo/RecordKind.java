package io.strata.demo;

/** What a generated record is, as the generator intended it. */
public enum RecordKind {
  /** A valid trade that reaches DWD and (not being late) a DWS window. */
  TRADE(Topic.TRADES, false),
  /** A decodable trade failing the DWD {@code where}: quantity 0, side CANCEL or price 0. */
  TRADE_FILTERED(Topic.TRADES, false),
  /**
   * A byte-exact re-send of an earlier valid trade (same trade_id), dropped by DWD deduplication.
   */
  TRADE_DUPLICATE(Topic.TRADES, false),
  /**
   * A valid trade ~3 minutes behind the stream: in DWD, counted late and excluded from DWS windows.
   */
  TRADE_LATE(Topic.TRADES, false),
  /** Bytes that are not an Avro datum of the schema (dead-lettered). */
  TRADE_GARBAGE(Topic.TRADES, true),
  /** A valid Avro datum cut short (dead-lettered). */
  TRADE_TRUNCATED(Topic.TRADES, true),
  /** A decodable datum whose account_id is null, violating STRING NOT NULL (dead-lettered). */
  TRADE_NULL_ACCOUNT(Topic.TRADES, true),
  /** A valid quote. */
  QUOTE(Topic.QUOTES, false),
  /** A decodable quote failing the DWD {@code where}: crossed (ask &lt; bid), bid 0 or bid null. */
  QUOTE_FILTERED(Topic.QUOTES, false),
  /** Text that is not JSON (dead-lettered). */
  QUOTE_INVALID_JSON(Topic.QUOTES, true),
  /** {@code "bid":"abc"}: not a decimal (dead-lettered). */
  QUOTE_NON_NUMERIC_BID(Topic.QUOTES, true),
  /** No quote_time, violating TIMESTAMP_LTZ(3) NOT NULL (dead-lettered). */
  QUOTE_MISSING_TIME(Topic.QUOTES, true);

  private enum Topic {
    TRADES,
    QUOTES
  }

  private final Topic topic;
  private final boolean deadLetter;

  RecordKind(Topic topic, boolean deadLetter) {
    this.topic = topic;
    this.deadLetter = deadLetter;
  }

  /** The Kafka topic records of this kind are written to. */
  public String topic() {
    return topic == Topic.TRADES ? TradingScenario.TRADES_TOPIC : TradingScenario.QUOTES_TOPIC;
  }

  public boolean isTrade() {
    return topic == Topic.TRADES;
  }

  /** True when ODS must send the record to the dead-letter topic. */
  public boolean deadLetter() {
    return deadLetter;
  }
}
