package io.strata.dorisemulator;

import java.sql.SQLException;
import java.util.List;

/**
 * Where the emulator keeps table definitions, transactions and visible rows. {@link MariaDbStore}
 * is the real one; tests of the label and commit rules use an in-memory one.
 */
public interface EmulatorStore {
  void initialise() throws SQLException;

  boolean databaseExists(String db) throws SQLException;

  void createDatabase(String db) throws SQLException;

  void createTable(DorisTable table) throws SQLException;

  void dropTable(String db, String table) throws SQLException;

  List<DorisTable> loadTables() throws SQLException;

  List<Transaction> loadTransactions() throws SQLException;

  void saveTransaction(Transaction txn) throws SQLException;

  /**
   * Makes the rows visible, records the transaction (already VISIBLE) and the formal partitions its
   * rows created ({@code created}, empty for most loads), atomically.
   */
  void publish(
      DorisTable table, List<LoadedRow> rows, Transaction txn, List<FormalPartition> created)
      throws SQLException;

  /** Records formal partitions of a table (one already recorded is left as it is). */
  void addPartitions(DorisTable table, List<FormalPartition> partitions) throws SQLException;

  /** Formal partitions per qualified table name. */
  java.util.Map<String, List<FormalPartition>> loadPartitions() throws SQLException;

  /**
   * The days of a day-partitioned table's partition column that hold rows (for metadata kept before
   * partitions were).
   */
  List<java.time.LocalDate> daysWithRows(DorisTable table) throws SQLException;

  /** Records a temporary partition and creates the (empty) table holding its rows. */
  void addTemporaryPartition(DorisTable table, TemporaryPartition partition) throws SQLException;

  /** Forgets a temporary partition and its rows. */
  void dropTemporaryPartition(DorisTable table, String partition) throws SQLException;

  /** Temporary partitions per qualified table name. */
  java.util.Map<String, List<TemporaryPartition>> loadTemporaryPartitions() throws SQLException;

  /**
   * In one transaction: deletes the table's rows in the partition's range, moves the temporary
   * partition's rows in, and forgets the temporary partition. Readers see the old day or the new
   * day, never a mix.
   */
  void replacePartition(DorisTable table, TemporaryPartition partition) throws SQLException;

  /**
   * Rows of {@code table} (or of its temporary partition when {@code partition} is not null), with
   * {@code lower <= column < upper} when column is not null; values as text, null for NULL.
   */
  List<List<String>> select(
      DorisTable table,
      List<String> columns,
      TemporaryPartition partition,
      String column,
      String lower,
      String upper,
      List<String> orderBy)
      throws SQLException;
}
