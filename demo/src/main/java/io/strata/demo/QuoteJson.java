package io.strata.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes quotes as the JSON objects of {@code trading.quotes}: {"symbol","bid","ask","quote_time"}.
 */
public final class QuoteJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private QuoteJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The JSON object for a quote; decimals are JSON numbers, a null time omits quote_time. */
  public static ObjectNode toNode(GeneratedQuote quote, QuoteTimeFormat timeFormat) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("symbol", quote.symbol());
    putDecimal(node, "bid", quote.bid());
    putDecimal(node, "ask", quote.ask());
    if (quote.quoteTime() != null) {
      if (timeFormat == QuoteTimeFormat.EPOCH_MILLIS) {
        node.put("quote_time", quote.quoteTime().toEpochMilli());
      } else {
        node.put("quote_time", timeFormat.format(quote.quoteTime()));
      }
    }
    return node;
  }

  public static byte[] encode(GeneratedQuote quote, QuoteTimeFormat timeFormat) {
    return toBytes(toNode(quote, timeFormat));
  }

  public static byte[] toBytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putDecimal(ObjectNode node, String field, BigDecimal value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
