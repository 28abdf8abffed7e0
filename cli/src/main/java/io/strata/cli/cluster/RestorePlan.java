package io.strata.cli.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which state of a running (or stopped) job an edited pipeline would restore, start empty, or drop:
 * the answer to "can I upgrade from this savepoint?", given before anything is stopped.
 */
public record RestorePlan(String against, List<Entry> entries) {

  /** What happens to one piece of state. */
  public enum Outcome {
    /** Same uid, same definition: restored. */
    RESTORED,
    /**
     * Same operator, but what its state means changed (key, window, aggregates, topic): dropped.
     */
    CHANGED,
    /** The operator is gone from the new job: its state is dropped. */
    REMOVED,
    /** A new stateful operator: starts empty. */
    NEW
  }

  /**
   * @param bytes state size in the savepoint, or -1 when comparing configs
   * @param before what the old state holds (null if unknown), {@code after} what the new one will
   */
  public record Entry(
      Outcome outcome,
      String table,
      String uid,
      String newUid,
      long bytes,
      String before,
      String after) {}

  /** Compares an old job's operators with a new job's (e.g. the previous and the edited config). */
  public static RestorePlan compare(String against, StateInventory before, StateInventory after) {
    List<Entry> entries = new ArrayList<>();
    Set<String> matchedNew = new LinkedHashSet<>();
    for (StateInventory.Operator old : before.operators()) {
      if (!old.stateful()) {
        continue;
      }
      entries.add(match(old, -1, after, matchedNew));
    }
    addNew(entries, after, matchedNew);
    return new RestorePlan(against, sorted(entries));
  }

  /** Compares what a savepoint holds with a new job's operators. */
  public static RestorePlan compare(
      String against, SavepointMetadata savepoint, StateInventory after) {
    List<Entry> entries = new ArrayList<>();
    Set<String> matchedNew = new LinkedHashSet<>();
    for (Map.Entry<String, Long> s : savepoint.stateBytesByOperatorId().entrySet()) {
      if (s.getValue() == 0) {
        continue; // stateless operators are listed with empty handles
      }
      StateInventory.Operator old =
          savepoint.manifest() == null ? null : savepoint.manifest().byOperatorId(s.getKey());
      if (old == null) {
        // No manifest (or a foreign operator): name it if the new job knows the same id.
        StateInventory.Operator same = after.byOperatorId(s.getKey());
        old =
            same != null
                ? same
                : new StateInventory.Operator(
                    "?",
                    "operator "
                        + s.getKey()
                        + " (uid unknown: no "
                        + StateInventory.MANIFEST_FILE
                        + " beside the savepoint)",
                    s.getKey(),
                    null);
      }
      entries.add(match(old, s.getValue(), after, matchedNew));
    }
    addNew(entries, after, matchedNew);
    return new RestorePlan(against, sorted(entries));
  }

  private static List<Entry> sorted(List<Entry> entries) {
    List<Entry> out = new ArrayList<>(entries);
    out.sort(java.util.Comparator.comparing(Entry::table).thenComparing(Entry::uid));
    return out;
  }

  private static Entry match(
      StateInventory.Operator old, long bytes, StateInventory after, Set<String> matchedNew) {
    StateInventory.Operator same = after.byOperatorId(old.operatorId());
    if (same != null) {
      matchedNew.add(same.uid());
      return new Entry(
          Outcome.RESTORED, old.table(), old.uid(), same.uid(), bytes, old.what(), same.what());
    }
    StateInventory.Operator changed =
        after.operators().stream()
            .filter(o -> o.baseUid().equals(old.baseUid()) && !matchedNew.contains(o.uid()))
            .findFirst()
            .orElse(null);
    if (changed != null) {
      matchedNew.add(changed.uid());
      return new Entry(
          Outcome.CHANGED,
          old.table(),
          old.uid(),
          changed.uid(),
          bytes,
          old.what(),
          changed.what());
    }
    return new Entry(Outcome.REMOVED, old.table(), old.uid(), null, bytes, old.what(), null);
  }

  private static void addNew(List<Entry> entries, StateInventory after, Set<String> matchedNew) {
    for (StateInventory.Operator o : after.operators()) {
      if (o.stateful() && !matchedNew.contains(o.uid())) {
        entries.add(new Entry(Outcome.NEW, o.table(), o.uid(), o.uid(), -1, null, o.what()));
      }
    }
  }

  /** State that exists now and would be lost by the upgrade. */
  public List<Entry> dropped() {
    return entries.stream()
        .filter(
            e ->
                (e.outcome() == Outcome.CHANGED || e.outcome() == Outcome.REMOVED)
                    && e.bytes() != 0)
        .toList();
  }

  public boolean restoresEverything() {
    return dropped().isEmpty();
  }

  public String render() {
    StringBuilder sb = new StringBuilder("state against " + against + ":\n");
    for (Entry e : entries) {
      String size = e.bytes() < 0 ? "" : " (" + e.bytes() + " bytes)";
      switch (e.outcome()) {
        case RESTORED ->
            sb.append(String.format("  restored   %-24s %s%s%n", e.table(), e.newUid(), size));
        case NEW ->
            sb.append(
                String.format(
                    "  new        %-24s %s  starts empty: %s%n", e.table(), e.newUid(), e.after()));
        case CHANGED ->
            sb.append(
                String.format(
                    "  DROPPED    %-24s %s%s%n             was: %s%n             now: %s (new uid %s)%n",
                    e.table(), e.uid(), size, e.before(), e.after(), e.newUid()));
        case REMOVED ->
            sb.append(
                String.format(
                    "  DROPPED    %-24s %s%s  (no such operator in the new job)%s%n",
                    e.table(),
                    e.uid(),
                    size,
                    e.before() == null ? "" : "\n             was: " + e.before()));
      }
    }
    List<Entry> dropped = dropped();
    if (dropped.isEmpty()) {
      sb.append("every piece of state is restored; the upgrade is safe\n");
    } else {
      Set<String> tables = new LinkedHashSet<>();
      dropped.forEach(e -> tables.add(e.table()));
      sb.append("state would be DROPPED for ")
          .append(String.join(", ", tables))
          .append(
              ": open windows, dedup keys or offsets held there start empty after the restore.\n")
          .append(
              "  Restoring needs --allow-non-restored-state; keep the old definition to keep the state.\n");
    }
    return sb.toString();
  }
}
