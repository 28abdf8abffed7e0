package io.strata.dimensions;

import io.strata.layers.config.Option;
import io.strata.layers.definition.CacheDef;
import io.strata.layers.definition.DimensionDef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lookup behaviour shared by every dimension store (declared once; each store lists them among its
 * store options): retries before a job fails, a per-attempt timeout, whether missing keys are
 * cached. Cache bounds come from the dimension's {@code cache { max-rows, ttl }}.
 */
public final class DimensionLookupOptions {
  public static final Option<Integer> MAX_RETRIES =
      Option.integer("max-retries")
          .defaultValue(3)
          .description(
              "lookup attempts after the first failed one (backoff 1 s, 2 s, ...); then the job fails");
  public static final Option<Duration> TIMEOUT =
      Option.duration("timeout")
          .defaultValue(Duration.ofSeconds(5))
          .description("how long one lookup attempt may take against the store");
  public static final Option<Boolean> CACHE_MISSING_KEYS =
      Option.bool("cache-missing-keys")
          .defaultValue(true)
          .description(
              "cache 'not found' for the cache ttl too, so an unknown key does not hit the store on every record");
  public static final Option<String> VALID_FROM =
      Option.identifier("valid-from")
          .description(
              "versioned dimension: a DATE/TIMESTAMP column from which a row version is valid; lookups see the newest version");

  private DimensionLookupOptions() {}

  public static int maxRetries(DimensionDef d) {
    String v = d.storeOptions().get(MAX_RETRIES.key());
    return v == null ? MAX_RETRIES.defaultValue() : Integer.parseInt(v);
  }

  public static Duration timeout(DimensionDef d) {
    String v = d.storeOptions().get(TIMEOUT.key());
    return v == null
        ? TIMEOUT.defaultValue()
        : Duration.ofMillis(Long.parseLong(v.replace("ms", "")));
  }

  public static boolean cacheMissingKeys(DimensionDef d) {
    String v = d.storeOptions().get(CACHE_MISSING_KEYS.key());
    return v == null ? CACHE_MISSING_KEYS.defaultValue() : Boolean.parseBoolean(v);
  }

  /** The versioning column, or null if the dimension keeps one row per key. */
  public static String validFrom(DimensionDef d) {
    return d.storeOptions().get(VALID_FROM.key());
  }

  /**
   * Flink's own lookup options (FLIP-221): a partial cache bounded by max-rows and expiring after
   * write by ttl; none without a cache block or with max-rows = 0.
   */
  public static Map<String, String> flinkLookupOptions(DimensionDef d) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("lookup.max-retries", String.valueOf(maxRetries(d)));
    CacheDef cache = d.cache();
    if (cache != null && cache.maxRows() > 0) {
      out.put("lookup.cache", "PARTIAL");
      out.put("lookup.partial-cache.max-rows", String.valueOf(cache.maxRows()));
      Duration ttl = cache.ttl() == null ? Duration.ofMinutes(10) : cache.ttl();
      out.put("lookup.partial-cache.expire-after-write", ttl.toMillis() + " ms");
      out.put("lookup.partial-cache.cache-missing-key", String.valueOf(cacheMissingKeys(d)));
    }
    return out;
  }
}
