package io.strata.layers.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One declared config option: key, type, default, whether required, and a description. Validation,
 * the config reference in the README and error messages all come from this one declaration.
 */
public final class Option<T> {

  /** What kind of value an option holds. */
  public enum Kind {
    STRING("a string"),
    INT("an integer"),
    BOOLEAN("true or false"),
    DURATION("a duration such as 10s, 5min or 1h"),
    STRING_LIST("a list of strings"),
    ENUM("one of the listed values"),
    IDENTIFIER("a name matching [A-Za-z_][A-Za-z0-9_]*"),
    TOPIC("a Kafka topic name"),
    SECTION("a block { ... }"),
    SECTION_LIST("a list of blocks [ { ... } ]");

    final String describe;

    Kind(String describe) {
      this.describe = describe;
    }
  }

  private final String key;
  private final Kind kind;
  private final T defaultValue;
  private final boolean required;
  private final boolean secret;
  private final String description;
  private final List<String> allowed;

  private Option(
      String key,
      Kind kind,
      T defaultValue,
      boolean required,
      boolean secret,
      String description,
      List<String> allowed) {
    this.key = key;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.description = description;
    this.allowed = allowed;
  }

  public static Option<String> string(String key) {
    return new Option<>(key, Kind.STRING, null, false, false, "", List.of());
  }

  public static Option<String> identifier(String key) {
    return new Option<>(key, Kind.IDENTIFIER, null, false, false, "", List.of());
  }

  public static Option<String> topic(String key) {
    return new Option<>(key, Kind.TOPIC, null, false, false, "", List.of());
  }

  public static Option<Integer> integer(String key) {
    return new Option<>(key, Kind.INT, null, false, false, "", List.of());
  }

  public static Option<Boolean> bool(String key) {
    return new Option<>(key, Kind.BOOLEAN, null, false, false, "", List.of());
  }

  public static Option<Duration> duration(String key) {
    return new Option<>(key, Kind.DURATION, null, false, false, "", List.of());
  }

  public static Option<List<String>> stringList(String key) {
    return new Option<>(key, Kind.STRING_LIST, null, false, false, "", List.of());
  }

  public static Option<String> oneOf(String key, String... values) {
    return new Option<>(key, Kind.ENUM, null, false, false, "", List.of(values));
  }

  public static Option<Object> section(String key) {
    return new Option<>(key, Kind.SECTION, null, false, false, "", List.of());
  }

  public static Option<Object> sectionList(String key) {
    return new Option<>(key, Kind.SECTION_LIST, null, false, false, "", List.of());
  }

  public Option<T> required() {
    return new Option<>(key, kind, defaultValue, true, secret, description, allowed);
  }

  public Option<T> secret() {
    return new Option<>(key, kind, defaultValue, required, true, description, allowed);
  }

  public Option<T> defaultValue(T value) {
    return new Option<>(key, kind, value, required, secret, description, allowed);
  }

  public Option<T> description(String text) {
    return new Option<>(key, kind, defaultValue, required, secret, text, allowed);
  }

  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isSecret() {
    return secret;
  }

  public String description() {
    return description;
  }

  public List<String> allowed() {
    return allowed;
  }

  /** The type as a user reads it in docs and errors. */
  public String typeDescription() {
    return kind == Kind.ENUM ? String.join(" | ", allowed) : kind.describe;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Option<?> other && other.key.equals(key) && other.kind == kind;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, kind);
  }

  @Override
  public String toString() {
    return key;
  }
}
