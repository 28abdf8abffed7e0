package io.strata.ods.decode;

/**
 * A record that cannot be turned into a row of the declared columns. The message is the reason,
 * written for a data engineer reading the dead-letter topic (for example {@code column 'price':
 * expected DECIMAL(18, 4), got "abc"}). Thrown once per bad record on the hot path, so it carries
 * no stack trace.
 */
public final class DecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  public DecodeException(String reason) {
    super(reason, null, false, false);
  }

  /** The reason the record was rejected (same as {@link #getMessage()}). */
  public String reason() {
    return getMessage();
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
