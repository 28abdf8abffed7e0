package io.strata.dorisemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionManagerTest {
  private InMemoryStore store;
  private Catalog catalog;
  private TransactionManager txns;
  private final AtomicLong clock = new AtomicLong(1_000);

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryStore();
    catalog = new Catalog(store);
    txns = new TransactionManager(store, catalog, clock::incrementAndGet);
    catalog.execute(DorisDdl.parse("CREATE DATABASE d", null));
    catalog.execute(
        DorisDdl.parse(
            "CREATE TABLE d.t (id BIGINT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1",
            null));
  }

  private static List<LoadedRow> rows(long... ids) {
    return java.util.Arrays.stream(ids)
        .mapToObj(i -> new LoadedRow(new Object[] {i, "v" + i}, false))
        .toList();
  }

  @Test
  void preCommittedRowsAreInvisibleUntilCommitted() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.preCommit(t, rows(1, 2));
    assertThat(t.status()).isEqualTo(Transaction.Status.PRECOMMITTED);
    assertThat(store.visibleRows("d.t")).isZero();
    assertThat(txns.commit("d", t.id(), null))
        .isEqualTo(
            new TransactionManager.Outcome(
                true, "transaction [" + t.id() + "] commit successfully."));
    assertThat(store.visibleRows("d.t")).isEqualTo(2);
    assertThat(t.status()).isEqualTo(Transaction.Status.VISIBLE);
  }

  @Test
  void abortedRowsNeverBecomeVisible() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.preCommit(t, rows(1));
    assertThat(txns.abort("d", null, "l1"))
        .isEqualTo(new TransactionManager.Outcome(true, "label [l1] abort successfully."));
    assertThat(txns.commit("d", t.id(), null).success()).isFalse();
    assertThat(store.visibleRows("d.t")).isZero();
  }

  @Test
  void labelOfAVisibleTransactionCannotBeReused() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", false);
    txns.commitNow(t, rows(1));
    assertThatThrownBy(() -> txns.begin("d", "t", "l1", false))
        .isInstanceOfSatisfying(
            TransactionManager.LabelInUse.class,
            e -> {
              assertThat(e.holder().existingJobStatus()).isEqualTo("FINISHED");
              assertThat(
                      Fixtures.connectorPatterns()
                          .get("LABEL_EXIST")
                          .matcher(e.getMessage())
                          .find())
                  .isTrue();
            });
  }

  @Test
  void labelOfARunningOrPreCommittedTransactionReportsRunning() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    assertThatThrownBy(() -> txns.begin("d", "t", "l1", true))
        .isInstanceOfSatisfying(
            TransactionManager.LabelInUse.class,
            e -> assertThat(e.holder().existingJobStatus()).isEqualTo("RUNNING"));
    txns.preCommit(t, rows(1));
    assertThatThrownBy(() -> txns.begin("d", "t", "l1", true))
        .isInstanceOfSatisfying(
            TransactionManager.LabelInUse.class,
            e -> assertThat(e.holder().existingJobStatus()).isEqualTo("RUNNING"));
  }

  @Test
  void labelOfAnAbortedTransactionCanBeReused() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.abort(t, "probe");
    Transaction again = txns.begin("d", "t", "l1", true);
    assertThat(again.id()).isNotEqualTo(t.id());
    assertThat(again.status()).isEqualTo(Transaction.Status.PREPARE);
  }

  @Test
  void labelsAreUniquePerDatabaseOnly() throws Exception {
    catalog.execute(DorisDdl.parse("CREATE DATABASE e", null));
    catalog.execute(
        DorisDdl.parse(
            "CREATE TABLE e.t (id BIGINT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1",
            null));
    txns.commitNow(txns.begin("d", "t", "l1", false), rows(1));
    assertThat(txns.begin("e", "t", "l1", false).status()).isEqualTo(Transaction.Status.PREPARE);
  }

  @Test
  void committingTwiceSaysAlreadyVisibleAsTheConnectorExpects() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.preCommit(t, rows(1));
    txns.commit("d", t.id(), null);
    TransactionManager.Outcome again = txns.commit("d", t.id(), null);
    assertThat(again.success()).isFalse();
    assertThat(again.message())
        .contains("transaction [" + t.id() + "] is already VISIBLE, not pre-committed.");
    assertThat(Fixtures.connectorPatterns().get("COMMITTED").matcher(again.message()).find())
        .isTrue();
    assertThat(store.visibleRows("d.t")).isEqualTo(1);
  }

  @Test
  void abortingAnAbortedOrUnknownTransactionIsRecognisedByTheConnector() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.abort("d", t.id(), null);
    TransactionManager.Outcome twice = txns.abort("d", t.id(), null);
    assertThat(twice.success()).isFalse();
    assertThat(Fixtures.connectorPatterns().get("ABORTED").matcher(twice.message()).find())
        .isTrue();
    TransactionManager.Outcome unknown = txns.abort("d", 999_999L, null);
    assertThat(unknown.message()).isEqualTo("transaction [999999] not found");
    assertThat(Fixtures.connectorPatterns().get("ABORTED").matcher(unknown.message()).find())
        .isTrue();
  }

  @Test
  void aVisibleTransactionCannotBeAborted() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.preCommit(t, rows(1));
    txns.commit("d", null, "l1");
    TransactionManager.Outcome abort = txns.abort("d", t.id(), null);
    assertThat(abort.success()).isFalse();
    assertThat(abort.message()).contains("is already VISIBLE, could not abort.");
    assertThat(store.visibleRows("d.t")).isEqualTo(1);
  }

  @Test
  void aRunningTransactionCannotBeCommitted() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    assertThat(txns.commit("d", t.id(), null).message())
        .contains("is already PREPARE, not pre-committed.");
  }

  @Test
  void aFailedPublishLeavesTheTransactionPreCommittedForARetry() throws Exception {
    Transaction t = txns.begin("d", "t", "l1", true);
    txns.preCommit(t, rows(1, 2));
    store.failNextPublish = true;
    assertThat(txns.commit("d", t.id(), null).success()).isFalse();
    assertThat(t.status()).isEqualTo(Transaction.Status.PRECOMMITTED);
    assertThat(txns.commit("d", t.id(), null).success()).isTrue();
    assertThat(store.visibleRows("d.t")).isEqualTo(2);
  }

  @Test
  void aRestartAbortsTransactionsLeftRunningOrPreCommitted() throws Exception {
    Transaction running = txns.begin("d", "t", "a", true);
    Transaction pre = txns.begin("d", "t", "b", true);
    txns.preCommit(pre, rows(1));
    Transaction done = txns.begin("d", "t", "c", false);
    txns.commitNow(done, rows(2));

    TransactionManager restarted = new TransactionManager(store, catalog, clock::incrementAndGet);
    restarted.recover();
    assertThat(store.transactions.get(running.id()).status()).isEqualTo(Transaction.Status.ABORTED);
    assertThat(store.transactions.get(pre.id()).status()).isEqualTo(Transaction.Status.ABORTED);
    assertThat(restarted.begin("d", "t", "a", true).status()).isEqualTo(Transaction.Status.PREPARE);
    assertThatThrownBy(() -> restarted.begin("d", "t", "c", true))
        .isInstanceOf(TransactionManager.LabelInUse.class);
    assertThat(restarted.begin("d", "t", "z", true).id()).isGreaterThan(done.id());
  }
}
