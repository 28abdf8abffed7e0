package io.strata.layers.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.flink.types.Row;

/**
 * The JSON shape of a dead letter: what, why, and where it came from, with its raw bytes or row.
 */
public final class DeadLetters implements Serializable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeadLetters() {}

  /** A record that could not be read: raw bytes kept in base64 with its Kafka coordinates. */
  public static byte[] undecodable(
      String pipeline,
      String table,
      String reason,
      String topic,
      int partition,
      long offset,
      byte[] raw) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pipeline", pipeline);
    n.put("table", table);
    n.put("kind", "undecodable");
    n.put("reason", reason);
    n.put("topic", topic);
    n.put("partition", partition);
    n.put("offset", offset);
    n.put("raw_base64", raw == null ? null : Base64.getEncoder().encodeToString(raw));
    n.put("raw_text", raw == null ? null : safeText(raw));
    n.put("at", Instant.now().toString());
    return bytes(n);
  }

  /** A row that arrived after the window it belongs to had closed. */
  public static byte[] late(String pipeline, String table, String reason, String[] names, Row row) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pipeline", pipeline);
    n.put("table", table);
    n.put("kind", "late");
    n.put("reason", reason);
    ObjectNode r = n.putObject("row");
    for (int i = 0; i < names.length; i++) {
      Object v = row.getField(i);
      r.put(names[i], v == null ? null : String.valueOf(v));
    }
    n.put("at", Instant.now().toString());
    return bytes(n);
  }

  /** A row whose key was not found in a dimension joined with {@code missing = dead-letter}. */
  public static byte[] missingDimension(
      String pipeline,
      String table,
      String dimension,
      String key,
      String reason,
      String[] names,
      Row row) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("pipeline", pipeline);
    n.put("table", table);
    n.put("kind", "missing_dimension");
    n.put("reason", reason);
    n.put("dimension", dimension);
    n.put("key", key);
    ObjectNode r = n.putObject("row");
    for (int i = 0; i < names.length; i++) {
      Object v = row.getField(i);
      r.put(names[i], v == null ? null : String.valueOf(v));
    }
    n.put("at", Instant.now().toString());
    return bytes(n);
  }

  private static String safeText(byte[] raw) {
    String s = new String(raw, 0, Math.min(raw.length, 2048), StandardCharsets.UTF_8);
    return s.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r')
            && !s.contains("\uFFFD")
        ? s
        : null;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
