package io.strata.layers.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config block read against its declared options: unknown keys, missing required keys and values
 * of the wrong type become problems with file:line; the rest is available typed.
 */
public final class Section {
  private final String path;
  private final Origin origin;
  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, Origin> origins = new HashMap<>();
  private final Map<String, ConfigValue> raw = new LinkedHashMap<>();

  private Section(String path, Origin origin) {
    this.path = path;
    this.origin = origin;
  }

  /**
   * Reads {@code object} (found at {@code path}) against {@code declared}, reporting into problems.
   */
  public static Section read(
      String path, ConfigObject object, List<Option<?>> declared, Problems problems) {
    Section s = new Section(path, Origin.of(object.origin()));
    Map<String, Option<?>> byKey = new LinkedHashMap<>();
    declared.forEach(o -> byKey.put(o.key(), o));
    for (Map.Entry<String, ConfigValue> e : ordered(object)) {
      if (!isResolved(e.getValue())) {
        continue; // an unresolved ${...}: already reported
      }
      Option<?> option = byKey.get(e.getKey());
      Origin at = Origin.of(e.getValue().origin());
      if (option == null) {
        problems.add(
            at,
            "unknown key '" + e.getKey() + "' in " + describe(path),
            Names.suggestion(e.getKey(), byKey.keySet()));
        continue;
      }
      if (e.getValue().valueType() == ConfigValueType.NULL
          && (option.kind() == Option.Kind.SECTION || option.kind() == Option.Kind.SECTION_LIST)) {
        continue; // `tests = null` in an including file removes an included block
      }
      s.raw.put(option.key(), e.getValue());
      s.origins.put(option.key(), at);
      Object v = convert(path, option, e.getValue(), problems);
      if (v != null) {
        s.values.put(option.key(), v);
      }
    }
    for (Option<?> option : declared) {
      if (option.isRequired() && !object.containsKey(option.key())) {
        problems.add(
            s.origin,
            "missing required key '" + option.key() + "' in " + describe(path),
            "add "
                + option.key()
                + " = <"
                + option.typeDescription()
                + ">"
                + (option.description().isEmpty() ? "" : " (" + option.description() + ")"));
      }
    }
    return s;
  }

  private static String describe(String path) {
    return path.isEmpty() ? "the top level" : "'" + path + "'";
  }

  private static Object convert(
      String path, Option<?> option, ConfigValue value, Problems problems) {
    Origin at = Origin.of(value.origin());
    String where = (path.isEmpty() ? "" : path + ".") + option.key();
    try {
      switch (option.kind()) {
        case STRING:
        case IDENTIFIER:
        case TOPIC:
        case ENUM:
          {
            if (value.valueType() == ConfigValueType.OBJECT
                || value.valueType() == ConfigValueType.LIST) {
              problems.add(
                  at,
                  "'"
                      + where
                      + "' must be "
                      + option.typeDescription()
                      + ", not a "
                      + value.valueType().name().toLowerCase(),
                  null);
              return null;
            }
            String s = String.valueOf(value.unwrapped());
            if (option.kind() == Option.Kind.IDENTIFIER && !Names.isIdentifier(s)) {
              problems.add(
                  at, "'" + where + "' = '" + s + "' is not a safe name", Names.IDENTIFIER_HINT);
              return null;
            }
            if (option.kind() == Option.Kind.TOPIC && !Names.isTopic(s)) {
              problems.add(
                  at,
                  "'" + where + "' = '" + s + "' is not a valid Kafka topic name",
                  "topics may contain only letters, digits, '.', '_' and '-'");
              return null;
            }
            if (option.kind() == Option.Kind.ENUM && !option.allowed().contains(s)) {
              problems.add(
                  at,
                  "'" + where + "' = '" + s + "' is not one of " + option.typeDescription(),
                  Names.suggestion(s, option.allowed()));
              return null;
            }
            return s;
          }
        case INT:
          if (value.valueType() != ConfigValueType.NUMBER
              && !(value.valueType() == ConfigValueType.STRING
                  && String.valueOf(value.unwrapped()).matches("-?\\d+"))) {
            problems.add(
                at,
                "'" + where + "' must be an integer, got '" + value.unwrapped() + "'",
                "write a whole number, such as 4");
            return null;
          }
          {
            String text = String.valueOf(value.unwrapped());
            try {
              return Integer.parseInt(text.replaceAll("\\.0$", ""));
            } catch (NumberFormatException e) {
              problems.add(
                  at,
                  "'" + where + "' must be an integer, got '" + text + "'",
                  "write a whole number between "
                      + Integer.MIN_VALUE
                      + " and "
                      + Integer.MAX_VALUE);
              return null;
            }
          }
        case BOOLEAN:
          {
            String s = String.valueOf(value.unwrapped());
            if (!s.equals("true") && !s.equals("false")) {
              problems.add(at, "'" + where + "' must be true or false, got '" + s + "'", null);
              return null;
            }
            return Boolean.parseBoolean(s);
          }
        case DURATION:
          {
            String s = String.valueOf(value.unwrapped());
            Duration d = parseDuration(s);
            if (d == null) {
              problems.add(
                  at,
                  "'" + where + "' = '" + s + "' is not a duration",
                  "write it like 500ms, 10s, 5min, 2h or 1d");
            }
            return d;
          }
        case STRING_LIST:
          {
            if (value.valueType() != ConfigValueType.LIST) {
              problems.add(at, "'" + where + "' must be a list, like [a, b]", null);
              return null;
            }
            List<String> out = new ArrayList<>();
            for (ConfigValue item : (ConfigList) value) {
              if (item.valueType() == ConfigValueType.OBJECT
                  || item.valueType() == ConfigValueType.LIST) {
                problems.add(
                    Origin.of(item.origin()), "'" + where + "' must hold plain values", null);
                return null;
              }
              out.add(String.valueOf(item.unwrapped()));
            }
            return List.copyOf(out);
          }
        case SECTION:
          if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(at, "'" + where + "' must be a block { ... }", null);
            return null;
          }
          return value;
        case SECTION_LIST:
          if (value.valueType() != ConfigValueType.LIST) {
            problems.add(at, "'" + where + "' must be a list of blocks [ { ... } ]", null);
            return null;
          }
          return value;
        default:
          throw new IllegalStateException(option.kind().name());
      }
    } catch (ConfigException | NumberFormatException e) {
      problems.add(at, "'" + where + "' has a bad value: " + e.getMessage(), null);
      return null;
    }
  }

  /**
   * The entries of an object in the order they were written (HOCON objects are unordered maps, but
   * column order is part of a table's contract).
   */
  public static List<Map.Entry<String, ConfigValue>> ordered(ConfigObject object) {
    List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
    Map<String, List<String>> sources = new HashMap<>();
    String root = ROOT_FILE.get();
    // Entries from included files come before the including file's own, which add to or
    // override them: an included pipeline's columns keep their places, additions follow.
    entries.sort(
        java.util.Comparator.comparing(
                (Map.Entry<String, ConfigValue> e) ->
                    root != null && root.equals(e.getValue().origin().filename()))
            .thenComparing(e -> String.valueOf(e.getValue().origin().filename()))
            .thenComparingInt(e -> e.getValue().origin().lineNumber())
            .thenComparingInt(e -> columnOf(e, sources)));
    return entries;
  }

  /** The file being loaded (set by {@link PipelineLoader} while it binds). */
  static final ThreadLocal<String> ROOT_FILE = new ThreadLocal<>();

  /** Where a key stands in its line, for keys written on one line ({ a = 1, b = 2 }). */
  private static int columnOf(Map.Entry<String, ConfigValue> e, Map<String, List<String>> sources) {
    String file = e.getValue().origin().filename();
    int line = e.getValue().origin().lineNumber();
    if (file == null || line <= 0) {
      return 0;
    }
    List<String> lines =
        sources.computeIfAbsent(
            file,
            f -> {
              try {
                return java.nio.file.Files.readAllLines(java.nio.file.Path.of(f));
              } catch (java.io.IOException | RuntimeException ex) {
                return List.of();
              }
            });
    if (line > lines.size()) {
      return 0;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(^|[\\s{,])\"?" + java.util.regex.Pattern.quote(e.getKey()) + "\"?\\s*[=:{]")
            .matcher(lines.get(line - 1));
    return m.find() ? m.start() : Integer.MAX_VALUE;
  }

  /** False for a value that still holds an unresolved substitution (reported by the loader). */
  public static boolean isResolved(ConfigValue value) {
    if (value instanceof ConfigObject) {
      return true; // its entries are checked one by one
    }
    try {
      value.unwrapped();
      return true;
    } catch (ConfigException.NotResolved e) {
      return false;
    }
  }

  /** Parses durations the way HOCON does (10s, 5min, 1h, 500ms, 2d); null if not one. */
  public static Duration parseDuration(String s) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\s*(\\d+)\\s*(ms|millis|milliseconds|s|sec|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?\\s*")
            .matcher(s);
    if (!m.matches()) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      return toDuration(n, unit);
    } catch (ArithmeticException e) {
      return null; // larger than a duration can be: reported as "not a duration"
    }
  }

  private static Duration toDuration(long n, String unit) {
    return switch (unit) {
      case "ms", "millis", "milliseconds" -> Duration.ofMillis(n);
      case "s", "sec", "second", "seconds" -> Duration.ofSeconds(n);
      case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
      case "h", "hour", "hours" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  public String path() {
    return path;
  }

  public Origin origin() {
    return origin;
  }

  public boolean has(Option<?> option) {
    return values.containsKey(option.key());
  }

  /** True if the key was written, even if its value was invalid. */
  public boolean written(Option<?> option) {
    return raw.containsKey(option.key());
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    Object v = values.get(option.key());
    return v != null ? (T) v : option.defaultValue();
  }

  public Origin originOf(Option<?> option) {
    return origins.getOrDefault(option.key(), origin);
  }

  public ConfigObject object(Option<?> option) {
    Object v = values.get(option.key());
    return v instanceof ConfigObject o ? o : null;
  }

  public ConfigList list(Option<?> option) {
    Object v = values.get(option.key());
    return v instanceof ConfigList l ? l : null;
  }

  /** Values of every string-ish option, for plugins; secrets included (never print this map). */
  public Map<String, String> stringValues() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v instanceof String || v instanceof Integer || v instanceof Boolean) {
            out.put(k, String.valueOf(v));
          } else if (v instanceof Duration d) {
            out.put(k, d.toMillis() + "ms");
          }
        });
    return out;
  }
}
