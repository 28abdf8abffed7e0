package io.strata.layers.generate;

import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DwdTableDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;

/**
 * Appends a fingerprint of the state-relevant definition to the uid of every stateful operator
 * ({@code dwd.trades/deduplicate@9c1e04aa}): the dedup key, a window aggregate's window, group-by
 * and aggregate calls as Flink's planner laid them out, a source's topic. An edit that changes what
 * the state means then changes the uid, so Flink never restores old state into an operator that
 * would read it differently (a dedup key swapped for another STRING column, accumulators reordered
 * by an added measure); the old state is reported as dropped instead.
 *
 * <p>Applied by {@link JobComposer} after every table and sink is translated, so every path that
 * builds a job (run, submit, explain, plan --against) gets the same uids.
 */
public final class StateFingerprints {
  /** Separates a stable uid from the fingerprint of its state's definition. */
  public static final char SEPARATOR = '@';

  private static final Pattern TABLE =
      Pattern.compile("^(?:Sink Committer: )?((?:ods|dwd|dws|dimensions)\\.[A-Za-z0-9_]+)[/:]");

  /** A stateful operator after fingerprinting: its uid and, for people, what its state holds. */
  public record Fingerprinted(String table, String baseUid, String uid, String what) {}

  private StateFingerprints() {}

  /** Rewrites the uids of the stateful operators of a composed job; returns what it did. */
  public static List<Fingerprinted> apply(StreamExecutionEnvironment env, PipelineDef pipeline) {
    List<Fingerprinted> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
    while (!todo.isEmpty()) {
      Transformation<?> t = todo.pop();
      if (!seen.add(t.getId())) {
        continue;
      }
      todo.addAll(t.getInputs());
      if (t.getUid() == null) {
        continue;
      }
      // Idempotent: an operator fingerprinted before gets the same uid again, and is reported.
      String uid = baseUid(t.getUid());
      String signature = signature(t, uid, pipeline);
      if (signature == null) {
        continue;
      }
      t.setUid(uid + SEPARATOR + hash(signature));
      out.add(new Fingerprinted(tableOf(uid), uid, t.getUid(), what(t, uid, pipeline)));
    }
    return out;
  }

  /** The table a uid belongs to ({@code dws.symbol_minute}), or "" for none. */
  public static String tableOf(String uid) {
    Matcher m = TABLE.matcher(uid);
    return m.find() ? m.group(1) : "";
  }

  /** The uid without its fingerprint. */
  public static String baseUid(String uid) {
    int at = uid.lastIndexOf(SEPARATOR);
    return at < 0 ? uid : uid.substring(0, at);
  }

  /** What decides the meaning of the operator's state, or null for an operator without state. */
  static String signature(Transformation<?> t, String uid, PipelineDef pipeline) {
    if (t instanceof SourceTransformation<?, ?, ?>) {
      OdsTableDef ods = pipeline.ods().get(tableName(uid, "ods."));
      if (ods == null || ods.source() == null) {
        return null;
      }
      ConnectionDef c = pipeline.connections().get(ods.source().connection());
      // Offsets are per topic partition of one cluster.
      return "kafka-offsets|"
          + (c == null ? "" : c.option("bootstrap-servers"))
          + "|"
          + ods.source().topic();
    }
    Object keyType = keyTypeOf(t);
    if (keyType == null) {
      return null;
    }
    StringBuilder sb =
        new StringBuilder("keyed|")
            .append(keyType)
            .append('|')
            .append(normalise(t.getDescription() == null ? t.getName() : t.getDescription()));
    DwdTableDef dwd = pipeline.dwd().get(tableName(uid, "dwd."));
    if (dwd != null && dwd.deduplicate() != null && uid.endsWith("/deduplicate")) {
      sb.append("|dedup-key=").append(dwd.deduplicate().key());
    }
    return sb.toString();
  }

  private static Object keyTypeOf(Transformation<?> t) {
    if (t instanceof OneInputTransformation<?, ?> o && o.getStateKeySelector() != null) {
      return o.getStateKeyType();
    }
    if (t instanceof TwoInputTransformation<?, ?, ?> two
        && (two.getStateKeySelector1() != null || two.getStateKeySelector2() != null)) {
      return two.getStateKeyType();
    }
    return null;
  }

  private static String what(Transformation<?> t, String uid, PipelineDef pipeline) {
    if (t instanceof SourceTransformation<?, ?, ?>) {
      OdsTableDef ods = pipeline.ods().get(tableName(uid, "ods."));
      return "Kafka offsets of topic " + ods.source().topic();
    }
    DwdTableDef dwd = pipeline.dwd().get(tableName(uid, "dwd."));
    if (dwd != null && dwd.deduplicate() != null && uid.endsWith("/deduplicate")) {
      return "first-seen per key " + dwd.deduplicate().key();
    }
    String d = normalise(t.getDescription() == null ? t.getName() : t.getDescription());
    return d.length() > 160 ? d.substring(0, 157) + "..." : d;
  }

  private static String tableName(String uid, String prefix) {
    String table = tableOf(uid);
    return table.startsWith(prefix) ? table.substring(prefix.length()) : "";
  }

  /**
   * Without the planner's node counters ("[132]:", "Calc[106]"), which shift with unrelated edits.
   */
  static String normalise(String description) {
    return description.replaceAll("\\[\\d+\\]:?", "").replace('\n', ' ').trim();
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
