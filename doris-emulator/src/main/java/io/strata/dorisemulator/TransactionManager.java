package io.strata.dorisemulator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Doris's label and two-phase commit rules, as its documentation states them:
 *
 * <ul>
 *   <li>Labels are unique within a database. A label whose transaction is running, pre-committed or
 *       visible cannot be used again ("Label Already Exists", with ExistingJobStatus RUNNING or
 *       FINISHED); a label whose transaction was aborted can.
 *   <li>Two-phase commit: a stream load with {@code two_phase_commit: true} leaves its transaction
 *       PRECOMMITTED and its rows invisible; {@code txn_operation: commit} makes them visible,
 *       {@code abort} drops them. Either addresses the transaction by {@code txn_id} or by label.
 *   <li>Committing a transaction that is not pre-committed fails with "transaction [id] is already
 *       STATUS, not pre-committed." (the Flink connector treats VISIBLE/COMMITTED as done).
 * </ul>
 *
 * Pre-committed rows are held in memory (a real Doris persists them); committed rows and every
 * transaction's state are persisted in MariaDB.
 */
public final class TransactionManager {

  /** Outcome of a 2PC request: Doris's {@code {"status": ..., "msg": ...}}. */
  public record Outcome(boolean success, String message) {}

  /** A label in use: the transaction holding it. */
  public static final class LabelInUse extends Exception {
    private final transient Transaction holder;

    LabelInUse(Transaction holder) {
      super(
          "Label ["
              + holder.label()
              + "] has already been used, relate to txn ["
              + holder.id()
              + "]");
      this.holder = holder;
    }

    public Transaction holder() {
      return holder;
    }
  }

  private final EmulatorStore store;
  private final Catalog catalog;
  private final LongSupplier clock;
  private final Map<Long, Transaction> byId = new LinkedHashMap<>();

  /** Per database, per label: the latest transaction that used it. */
  private final Map<String, Map<String, Transaction>> byLabel = new HashMap<>();

  private long nextId = 10_000;

  public TransactionManager(EmulatorStore store, Catalog catalog, LongSupplier clock) {
    this.store = store;
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * Reads persisted transactions; those left running or pre-committed by a previous run are
   * aborted.
   */
  public synchronized void recover() throws SQLException {
    for (Transaction t : store.loadTransactions()) {
      if (t.status() == Transaction.Status.PREPARE
          || t.status() == Transaction.Status.PRECOMMITTED) {
        t.moveTo(
            Transaction.Status.ABORTED,
            "the emulator restarted; it keeps pre-committed rows in memory only",
            clock.getAsLong());
        store.saveTransaction(t);
      }
      remember(t);
      nextId = Math.max(nextId, t.id() + 1);
    }
  }

  private void remember(Transaction t) {
    byId.put(t.id(), t);
    byLabel.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.label(), t);
  }

  /** Begins a load transaction under a label, or says which transaction holds the label. */
  public synchronized Transaction begin(String db, String table, String label, boolean twoPhase)
      throws LabelInUse, SQLException {
    Transaction holder = byLabel.getOrDefault(db, Map.of()).get(label);
    if (holder != null && holder.status() != Transaction.Status.ABORTED) {
      throw new LabelInUse(holder);
    }
    Transaction t =
        new Transaction(
            nextId++, db, table, label, twoPhase, clock.getAsLong(), Transaction.Status.PREPARE);
    store.saveTransaction(t);
    remember(t);
    return t;
  }

  /** The data of a two-phase load arrived: keep it, invisible, until commit or abort. */
  public synchronized void preCommit(Transaction t, List<LoadedRow> rows) throws SQLException {
    if (t.status() != Transaction.Status.PREPARE) {
      throw new IllegalStateException("transaction [" + t.id() + "] is already " + t.status());
    }
    t.stage(rows);
    t.moveTo(Transaction.Status.PRECOMMITTED, null, clock.getAsLong());
    store.saveTransaction(t);
  }

  /** A one-phase load: commit and publish at once. */
  public synchronized void commitNow(Transaction t, List<LoadedRow> rows) throws SQLException {
    if (t.status() != Transaction.Status.PREPARE) {
      throw new IllegalStateException("transaction [" + t.id() + "] is already " + t.status());
    }
    t.stage(rows);
    publish(t);
  }

  /** Aborts a transaction of this emulator (load failed, client went away). */
  public synchronized void abort(Transaction t, String reason) {
    if (t.status() == Transaction.Status.PREPARE || t.status() == Transaction.Status.PRECOMMITTED) {
      t.moveTo(Transaction.Status.ABORTED, reason, clock.getAsLong());
      try {
        store.saveTransaction(t);
      } catch (SQLException e) {
        // The in-memory state decides; a restart aborts non-final transactions anyway.
      }
    }
  }

  /** {@code PUT /api/{db}/_stream_load_2pc} with {@code txn_operation: commit}. */
  public synchronized Outcome commit(String db, Long txnId, String label) {
    Transaction t = find(db, txnId, label);
    String name = txnId != null ? "transaction [" + txnId + "]" : "label [" + label + "]";
    if (t == null) {
      return new Outcome(
          false,
          txnId != null
              ? "transaction [" + txnId + "] not found"
              : "label [" + label + "] not found");
    }
    if (t.status() != Transaction.Status.PRECOMMITTED) {
      return new Outcome(
          false,
          "errCode = 2, detailMessage = transaction ["
              + t.id()
              + "] is already "
              + t.status()
              + ", not pre-committed.");
    }
    try {
      publish(t);
    } catch (SQLException e) {
      return new Outcome(
          false,
          "errCode = 2, detailMessage = publishing transaction ["
              + t.id()
              + "] failed: "
              + e.getMessage());
    }
    return new Outcome(true, name + " commit successfully.");
  }

  /** {@code PUT /api/{db}/_stream_load_2pc} with {@code txn_operation: abort}. */
  public synchronized Outcome abort(String db, Long txnId, String label) {
    Transaction t = find(db, txnId, label);
    String name = txnId != null ? "transaction [" + txnId + "]" : "label [" + label + "]";
    if (t == null) {
      return new Outcome(
          false,
          txnId != null
              ? "transaction [" + txnId + "] not found"
              : "label [" + label + "] not found");
    }
    switch (t.status()) {
      case ABORTED:
        return new Outcome(
            false,
            "errCode = 2, detailMessage = transaction ["
                + t.id()
                + "] is already aborted. abort reason: "
                + t.reason());
      case COMMITTED:
      case VISIBLE:
        return new Outcome(
            false,
            "errCode = 2, detailMessage = transaction ["
                + t.id()
                + "] is already "
                + t.status()
                + ", could not abort.");
      default:
        abort(t, "User Abort");
        return new Outcome(true, name + " abort successfully.");
    }
  }

  private Transaction find(String db, Long txnId, String label) {
    if (txnId != null) {
      Transaction t = byId.get(txnId);
      return t != null && t.database().equals(db) ? t : null;
    }
    return label == null ? null : byLabel.getOrDefault(db, Map.of()).get(label);
  }

  private void publish(Transaction t) throws SQLException {
    DorisTable table = catalog.table(t.database(), t.table());
    if (table == null) {
      throw new SQLException("table " + t.database() + "." + t.table() + " was dropped");
    }
    if (t.temporaryPartition() != null) {
      if (catalog.temporaryPartition(t.database(), t.table(), t.temporaryPartition()) == null) {
        throw new SQLException(
            "temporary partition "
                + t.temporaryPartition()
                + " of "
                + t.database()
                + "."
                + t.table()
                + " was dropped or replaced before the load was published");
      }
      table = table.storedAs(TemporaryPartition.storedAs(table.name(), t.temporaryPartition()));
    }
    List<LoadedRow> rows = t.stagedRows();
    Transaction.Status before = t.status();
    t.moveTo(Transaction.Status.VISIBLE, null, clock.getAsLong());
    t.restore(t.reason(), t.finishTime(), rows.size());
    // A load into the table (not a temporary partition) creates the auto partitions of its rows'
    // days.
    List<FormalPartition> created =
        t.temporaryPartition() == null ? catalog.partitionsToCreate(table, rows) : List.of();
    try {
      store.publish(table, rows, t, created);
      catalog.partitionsCreated(table, created);
    } catch (SQLException e) {
      // Nothing became visible: the transaction stays where it was, so a retry can commit it.
      t.moveTo(before, null, clock.getAsLong());
      t.stage(rows);
      throw e;
    }
  }

  /** Transactions of a database (all, oldest first), for the emulator's inspection endpoint. */
  public synchronized List<Transaction> transactions(String db) {
    List<Transaction> out = new ArrayList<>();
    for (Transaction t : byId.values()) {
      if (db == null || t.database().equals(db)) {
        out.add(t);
      }
    }
    return out;
  }
}
