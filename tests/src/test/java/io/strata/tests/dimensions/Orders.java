package io.strata.tests.dimensions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated orders: known and unknown symbols (some lower case) and accounts, some with no
 * quantity.
 */
final class Orders {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String[] SYMBOLS = {
    "AAPL", "MSFT", "JPM", "BRK,B", "SAP", "TM", "aapl", "msft", "ZZZZ", "NOPE"
  };
  static final int[] SYMBOL_WEIGHTS = {20, 15, 10, 5, 8, 5, 4, 3, 3, 2};

  record Order(String orderId, String symbol, String accountId, long quantity, Instant time) {
    byte[] json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("order_id", orderId);
      n.put("symbol", symbol);
      n.put("account_id", accountId);
      n.put("quantity", quantity);
      n.put("order_time", time.toString());
      try {
        return JSON.writeValueAsBytes(n);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Orders() {}

  static List<Order> generate(String prefix, int count, long seed) {
    Random random = new Random(seed);
    int total = java.util.Arrays.stream(SYMBOL_WEIGHTS).sum();
    List<Order> out = new ArrayList<>();
    Instant t = Instant.parse("2026-11-24T09:30:00Z");
    for (int i = 0; i < count; i++) {
      int pick = random.nextInt(total);
      int s = 0;
      while (pick >= SYMBOL_WEIGHTS[s]) {
        pick -= SYMBOL_WEIGHTS[s++];
      }
      int a = random.nextInt(100);
      String account =
          a < 85
              ? String.format("ACC-%04d", 1 + random.nextInt(20))
              : a < 95 ? "ACC-9" + random.nextInt(1000) : null;
      long quantity = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(5000);
      out.add(new Order(prefix + "-" + i, SYMBOLS[s], account, quantity, t.plusMillis(i * 37L)));
    }
    return out;
  }
}
