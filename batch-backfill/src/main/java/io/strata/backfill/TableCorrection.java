package io.strata.backfill;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far one table's real-time partition was off from its recompute, by key and by measure.
 *
 * <p>Per numeric measure: the real-time and batch totals over the partition, {@code absDelta =
 * Σ|batch − realtime|} over keys and {@code relDelta = absDelta / Σ|realtime|} (1 when real-time
 * had nothing but batch has). For additive measures (a top-level SUM or COUNT) a key missing on one
 * side counts as 0 there; for the others (MIN, MAX, ratios) "missing" is not 0, so only keys on
 * both sides are compared (rows only on one side are counted as such). The table's correction is
 * its largest relative delta; that is what {@code backfill.max-correction} gates.
 */
public record TableCorrection(
    String table,
    String target,
    String partition,
    long realtimeRows,
    long batchRows,
    long onlyRealtime,
    long onlyBatch,
    long changed,
    long unchanged,
    List<MeasureDelta> measures,
    List<KeyDelta> topKeys) {

  public record MeasureDelta(
      String measure,
      BigDecimal realtime,
      BigDecimal batch,
      BigDecimal absDelta,
      double relDelta) {}

  /** A key whose measures changed: real-time and batch values (null where the row was missing). */
  public record KeyDelta(
      Map<String, String> key,
      Map<String, String> realtime,
      Map<String, String> batch,
      double score) {}

  static final int TOP_KEYS = 10;

  private static final java.util.regex.Pattern ADDITIVE =
      java.util.regex.Pattern.compile("(?is)\\s*(SUM|COUNT)\\s*\\((.*)\\)\\s*");

  /**
   * True for a measure that is one top-level SUM(...) or COUNT(...): its total over rows is
   * meaningful.
   */
  public static boolean isAdditive(String sql) {
    java.util.regex.Matcher m = ADDITIVE.matcher(sql);
    if (!m.matches()) {
      return false;
    }
    int depth = 0;
    for (char c : m.group(2).toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        return false; // e.g. SUM(a) / SUM(b): the first parenthesis closes before the end
      }
    }
    return depth == 0;
  }

  public double correction() {
    return measures.stream()
        .mapToDouble(MeasureDelta::relDelta)
        .max()
        .orElse(changed + onlyBatch + onlyRealtime > 0 ? 1.0 : 0.0);
  }

  public boolean anyChange() {
    return onlyRealtime + onlyBatch + changed > 0;
  }

  /**
   * Compares rows in canonical text form, keyed by {@code key}; {@code numeric} lists the numeric
   * measures.
   */
  public static TableCorrection diff(
      String table,
      String target,
      String partition,
      List<String> key,
      List<String> measures,
      Set<String> numeric,
      List<Map<String, String>> realtime,
      List<Map<String, String>> batch) {
    return diff(table, target, partition, key, measures, numeric, numeric, realtime, batch);
  }

  /** As above; {@code additive} lists the numeric measures for which a missing row counts as 0. */
  public static TableCorrection diff(
      String table,
      String target,
      String partition,
      List<String> key,
      List<String> measures,
      Set<String> numeric,
      Set<String> additive,
      List<Map<String, String>> realtime,
      List<Map<String, String>> batch) {
    Map<String, Map<String, String>> rt = index(realtime, key);
    Map<String, Map<String, String>> bt = index(batch, key);
    Set<String> keys = new TreeSet<>(rt.keySet());
    keys.addAll(bt.keySet());
    long onlyRt = 0;
    long onlyBt = 0;
    long changed = 0;
    long same = 0;
    Map<String, BigDecimal[]> sums =
        new LinkedHashMap<>(); // realtime, batch, abs delta, Σ|realtime| compared
    for (String m : measures) {
      if (numeric.contains(m)) {
        sums.put(
            m,
            new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      }
    }
    List<KeyDelta> deltas = new ArrayList<>();
    for (String k : keys) {
      Map<String, String> r = rt.get(k);
      Map<String, String> b = bt.get(k);
      if (r == null) {
        onlyBt++;
      } else if (b == null) {
        onlyRt++;
      } else if (measures.stream().allMatch(m -> java.util.Objects.equals(r.get(m), b.get(m)))) {
        same++;
      } else {
        changed++;
      }
      double score = 0;
      for (var e : sums.entrySet()) {
        BigDecimal rv = value(r, e.getKey());
        BigDecimal bv = value(b, e.getKey());
        e.getValue()[0] = e.getValue()[0].add(rv);
        e.getValue()[1] = e.getValue()[1].add(bv);
        if ((r == null || b == null) && !additive.contains(e.getKey())) {
          continue;
        }
        BigDecimal d = bv.subtract(rv).abs();
        e.getValue()[2] = e.getValue()[2].add(d);
        e.getValue()[3] = e.getValue()[3].add(rv.abs());
        BigDecimal scale = rv.abs().max(bv.abs());
        score += scale.signum() == 0 ? 0 : d.divide(scale, MathContext.DECIMAL64).doubleValue();
      }
      if (r == null
          || b == null
          || !measures.stream().allMatch(m -> java.util.Objects.equals(r.get(m), b.get(m)))) {
        Map<String, String> keyValues = new LinkedHashMap<>();
        Map<String, String> any = r != null ? r : b;
        key.forEach(c -> keyValues.put(c, any.get(c)));
        deltas.add(new KeyDelta(keyValues, pick(r, measures), pick(b, measures), score));
      }
    }
    List<MeasureDelta> out = new ArrayList<>();
    sums.forEach(
        (m, s) -> {
          double rel =
              s[3].signum() == 0
                  ? (s[2].signum() == 0 ? 0.0 : 1.0)
                  : s[2].divide(s[3], MathContext.DECIMAL64).doubleValue();
          out.add(new MeasureDelta(m, s[0], s[1], s[2], rel));
        });
    deltas.sort(
        Comparator.comparingDouble(KeyDelta::score)
            .reversed()
            .thenComparing(d -> d.key().toString()));
    return new TableCorrection(
        table,
        target,
        partition,
        realtime.size(),
        batch.size(),
        onlyRt,
        onlyBt,
        changed,
        same,
        out,
        List.copyOf(deltas.subList(0, Math.min(TOP_KEYS, deltas.size()))));
  }

  private static Map<String, String> pick(Map<String, String> row, List<String> measures) {
    if (row == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    measures.forEach(m -> out.put(m, row.get(m)));
    return out;
  }

  private static BigDecimal value(Map<String, String> row, String m) {
    if (row == null || row.get(m) == null) {
      return BigDecimal.ZERO;
    }
    return new BigDecimal(row.get(m));
  }

  private static Map<String, Map<String, String>> index(
      List<Map<String, String>> rows, List<String> key) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Map<String, String> r : rows) {
      StringBuilder k = new StringBuilder();
      for (String c : key) {
        k.append(r.get(c)).append('\u0001');
      }
      out.put(k.toString(), r);
    }
    return out;
  }
}
