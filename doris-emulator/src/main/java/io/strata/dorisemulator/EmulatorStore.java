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

  /** Makes the rows visible and records the transaction (already VISIBLE) atomically. */
  void publish(DorisTable table, List<LoadedRow> rows, Transaction txn) throws SQLException;
}
