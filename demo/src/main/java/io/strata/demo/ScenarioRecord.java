package io.strata.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record of a scenario: where it goes, its exact key and value bytes, and what it means.
 * Equality compares the byte contents.
 */
public record ScenarioRecord(
    String topic, byte[] key, byte[] value, RecordKind kind, RecordDescription description) {

  public ScenarioRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    if (!kind.topic().equals(topic)) {
      throw new IllegalArgumentException(kind + " does not belong on topic " + topic);
    }
    key = key == null ? null : key.clone();
    value = value.clone();
  }

  @Override
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The key as text (the symbol), or null. */
  public String keyString() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  public boolean isTrade() {
    return kind.isTrade();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScenarioRecord r
        && topic.equals(r.topic)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && kind == r.kind
        && description.equals(r.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(key), Arrays.hashCode(value), kind, description);
  }

  @Override
  public String toString() {
    return "ScenarioRecord["
        + topic
        + ", key="
        + keyString()
        + ", "
        + value.length
        + " bytes, "
        + kind
        + ", "
        + description
        + "]";
  }
}
