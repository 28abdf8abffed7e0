package io.strata.dorisemulator;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the emulator keeps what a Doris FE would: table definitions and transactions (in the
 * MariaDB database {@code doris_emulator}), and each table's visible rows (in a MariaDB table of
 * the same database and name, keyed by the Unique Key columns). A commit writes the rows and marks
 * the transaction VISIBLE in one MariaDB transaction, so a crash never leaves half a load visible.
 */
public final class MariaDbStore implements EmulatorStore {
  static final String META = "doris_emulator";
  private static final Set<String> RESERVED =
      Set.of(META, "mysql", "information_schema", "performance_schema", "sys");

  private final String url;
  private final String user;
  private final String password;
  private final String metaDb;

  public MariaDbStore(String url, String user, String password) {
    this(url, user, password, META);
  }

  /**
   * @param metaDatabase where table definitions and transactions are kept ({@code doris_emulator});
   *     a second emulator on the same MariaDB needs its own, or the two would share transaction ids
   */
  public MariaDbStore(String url, String user, String password, String metaDatabase) {
    this.url = url.endsWith("/") ? url : url + "/";
    this.user = user;
    this.password = password;
    if (!metaDatabase.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(
          "the emulator's metadata database must be letters, digits and _: " + metaDatabase);
    }
    this.metaDb = metaDatabase;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** Creates the emulator's own metadata tables if they are missing. */
  @Override
  public void initialise() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS `" + metaDb + "`");
      s.execute(
          "CREATE TABLE IF NOT EXISTS `"
              + metaDb
              + "`.`tables` (db VARCHAR(128) NOT NULL, tbl VARCHAR(128) NOT NULL,"
              + " ddl LONGTEXT NOT NULL, PRIMARY KEY (db, tbl)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS `"
              + metaDb
              + "`.`transactions` (txn_id BIGINT NOT NULL PRIMARY KEY,"
              + " db VARCHAR(128) NOT NULL, tbl VARCHAR(128) NOT NULL, label VARCHAR(128) NOT NULL, two_phase BOOLEAN NOT NULL,"
              + " status VARCHAR(16) NOT NULL, reason TEXT, prepare_time BIGINT NOT NULL, finish_time BIGINT NOT NULL,"
              + " loaded_rows BIGINT NOT NULL, KEY by_label (db, label)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS `"
              + metaDb
              + "`.`temporary_partitions` (db VARCHAR(128) NOT NULL, tbl VARCHAR(128) NOT NULL,"
              + " name VARCHAR(128) NOT NULL, lower_bound DATETIME(6) NOT NULL, upper_bound DATETIME(6) NOT NULL,"
              + " PRIMARY KEY (db, tbl, name)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS `"
              + metaDb
              + "`.`partitions` (db VARCHAR(128) NOT NULL, tbl VARCHAR(128) NOT NULL,"
              + " name VARCHAR(128) NOT NULL, lower_bound DATETIME(6) NOT NULL, upper_bound DATETIME(6) NOT NULL,"
              + " PRIMARY KEY (db, tbl, name)) ENGINE=InnoDB");
    }
  }

  @Override
  public void addPartitions(DorisTable t, List<FormalPartition> partitions) throws SQLException {
    try (Connection c = connect()) {
      insertPartitions(c, t, partitions);
    }
  }

  private void insertPartitions(Connection c, DorisTable t, List<FormalPartition> partitions)
      throws SQLException {
    if (partitions.isEmpty()) {
      return;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT IGNORE INTO `"
                + metaDb
                + "`.`partitions` (db, tbl, name, lower_bound, upper_bound)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (FormalPartition f : partitions) {
        p.setString(1, t.database());
        p.setString(2, t.name());
        p.setString(3, f.name());
        p.setTimestamp(4, Timestamp.valueOf(f.lower()));
        p.setTimestamp(5, Timestamp.valueOf(f.upper()));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  @Override
  public java.util.Map<String, List<FormalPartition>> loadPartitions() throws SQLException {
    java.util.Map<String, List<FormalPartition>> out = new java.util.LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT db, tbl, name, lower_bound, upper_bound FROM `"
                    + metaDb
                    + "`.`partitions` ORDER BY db, tbl, lower_bound")) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1) + "." + r.getString(2), k -> new ArrayList<>())
            .add(
                new FormalPartition(
                    r.getString(3),
                    r.getTimestamp(4).toLocalDateTime(),
                    r.getTimestamp(5).toLocalDateTime()));
      }
    }
    return out;
  }

  @Override
  public List<java.time.LocalDate> daysWithRows(DorisTable t) throws SQLException {
    List<java.time.LocalDate> days = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT DATE("
                    + q(t.partitionColumn())
                    + ") FROM "
                    + q(t.database())
                    + "."
                    + q(t.name()))) {
      while (r.next()) {
        days.add(r.getDate(1).toLocalDate());
      }
    }
    return days;
  }

  @Override
  public void addTemporaryPartition(DorisTable t, TemporaryPartition p) throws SQLException {
    String stored = q(t.database()) + "." + q(TemporaryPartition.storedAs(t.name(), p.name()));
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // A leftover of an interrupted REPLACE (its DROP runs after the commit) is discarded first.
      s.execute("DROP TABLE IF EXISTS " + stored);
      s.execute("CREATE TABLE " + stored + " LIKE " + q(t.database()) + "." + q(t.name()));
      try (PreparedStatement meta =
          c.prepareStatement(
              "INSERT INTO `"
                  + metaDb
                  + "`.`temporary_partitions` (db, tbl, name, lower_bound, upper_bound)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        meta.setString(1, t.database());
        meta.setString(2, t.name());
        meta.setString(3, p.name());
        meta.setTimestamp(4, Timestamp.valueOf(p.lower()));
        meta.setTimestamp(5, Timestamp.valueOf(p.upper()));
        meta.executeUpdate();
      }
    }
  }

  @Override
  public void dropTemporaryPartition(DorisTable t, String partition) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        PreparedStatement meta =
            c.prepareStatement(
                "DELETE FROM `"
                    + metaDb
                    + "`.`temporary_partitions` WHERE db = ? AND tbl = ? AND name = ?")) {
      meta.setString(1, t.database());
      meta.setString(2, t.name());
      meta.setString(3, partition);
      meta.executeUpdate();
      s.execute(
          "DROP TABLE IF EXISTS "
              + q(t.database())
              + "."
              + q(TemporaryPartition.storedAs(t.name(), partition)));
    }
  }

  @Override
  public java.util.Map<String, List<TemporaryPartition>> loadTemporaryPartitions()
      throws SQLException {
    java.util.Map<String, List<TemporaryPartition>> out = new java.util.LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT db, tbl, name, lower_bound, upper_bound FROM `"
                    + metaDb
                    + "`.`temporary_partitions` ORDER BY db, tbl, name")) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1) + "." + r.getString(2), k -> new ArrayList<>())
            .add(
                new TemporaryPartition(
                    r.getString(3),
                    r.getTimestamp(4).toLocalDateTime(),
                    r.getTimestamp(5).toLocalDateTime()));
      }
    }
    return out;
  }

  @Override
  public void replacePartition(DorisTable t, TemporaryPartition p) throws SQLException {
    String table = q(t.database()) + "." + q(t.name());
    String stored = q(t.database()) + "." + q(TemporaryPartition.storedAs(t.name(), p.name()));
    String names = t.columns().stream().map(col -> q(col.name())).collect(Collectors.joining(", "));
    String pc = q(t.partitionColumn());
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete =
              c.prepareStatement(
                  "DELETE FROM " + table + " WHERE " + pc + " >= ? AND " + pc + " < ?");
          Statement s = c.createStatement();
          PreparedStatement meta =
              c.prepareStatement(
                  "DELETE FROM `"
                      + metaDb
                      + "`.`temporary_partitions` WHERE db = ? AND tbl = ? AND name = ?")) {
        delete.setTimestamp(1, Timestamp.valueOf(p.lower()));
        delete.setTimestamp(2, Timestamp.valueOf(p.upper()));
        delete.executeUpdate();
        s.executeUpdate(
            "INSERT INTO " + table + " (" + names + ") SELECT " + names + " FROM " + stored);
        meta.setString(1, t.database());
        meta.setString(2, t.name());
        meta.setString(3, p.name());
        meta.executeUpdate();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      // After the commit: DROP TABLE would commit the transaction implicitly in MariaDB.
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + stored);
      }
    }
  }

  @Override
  public List<List<String>> select(
      DorisTable t,
      List<String> columns,
      TemporaryPartition p,
      String column,
      String lower,
      String upper,
      List<String> orderBy)
      throws SQLException {
    String from =
        q(t.database())
            + "."
            + q(p == null ? t.name() : TemporaryPartition.storedAs(t.name(), p.name()));
    String sql =
        "SELECT "
            + columns.stream().map(MariaDbStore::q).collect(Collectors.joining(", "))
            + " FROM "
            + from
            + (column == null ? "" : " WHERE " + q(column) + " >= ? AND " + q(column) + " < ?")
            + (orderBy.isEmpty()
                ? ""
                : " ORDER BY "
                    + orderBy.stream().map(MariaDbStore::q).collect(Collectors.joining(", ")));
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (column != null) {
        s.setString(1, lower);
        s.setString(2, upper);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(r.getString(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  public static void checkDatabaseName(String db) {
    if (RESERVED.contains(db.toLowerCase(java.util.Locale.ROOT))) {
      throw new DorisDdl.Unsupported(
          "the database name " + db + " is reserved by the emulator or MariaDB");
    }
    if (!db.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new DorisDdl.Unsupported(
          "the emulator accepts database names of letters, digits and _ only: " + db);
    }
  }

  @Override
  public void createDatabase(String db) throws SQLException {
    checkDatabaseName(db);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + q(db));
    }
  }

  @Override
  public boolean databaseExists(String db) throws SQLException {
    try (Connection c = connect();
        PreparedStatement p =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      p.setString(1, db);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Creates the MariaDB table of a Doris table and records its definition. */
  @Override
  public void createTable(DorisTable t) throws SQLException {
    checkDatabaseName(t.database());
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE ")
            .append(q(t.database()))
            .append('.')
            .append(q(t.name()))
            .append(" (");
    for (DorisColumn col : t.columns()) {
      String type = col.type().mariaDbType(t.isKey(col.name()));
      if (type == null) {
        throw new DorisDdl.Unsupported(
            "key column "
                + col.name()
                + " of type "
                + col.type().ddl()
                + " is too long for the emulator's MariaDB primary key (at most VARCHAR(768))");
      }
      ddl.append(q(col.name()))
          .append(' ')
          .append(type)
          .append(col.nullable() && !t.isKey(col.name()) ? " NULL" : " NOT NULL")
          .append(", ");
    }
    ddl.append("PRIMARY KEY (")
        .append(t.keyColumns().stream().map(MariaDbStore::q).collect(Collectors.joining(", ")))
        .append("))");
    ddl.append(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          PreparedStatement meta =
              c.prepareStatement(
                  "INSERT INTO `" + metaDb + "`.`tables` (db, tbl, ddl) VALUES (?, ?, ?)")) {
        s.execute(ddl.toString());
        meta.setString(1, t.database());
        meta.setString(2, t.name());
        meta.setString(3, t.ddl());
        meta.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @Override
  public void dropTable(String db, String table) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        PreparedStatement meta =
            c.prepareStatement("DELETE FROM `" + metaDb + "`.`tables` WHERE db = ? AND tbl = ?");
        PreparedStatement parts =
            c.prepareStatement(
                "DELETE FROM `" + metaDb + "`.`partitions` WHERE db = ? AND tbl = ?")) {
      s.execute("DROP TABLE IF EXISTS " + q(db) + "." + q(table));
      meta.setString(1, db);
      meta.setString(2, table);
      meta.executeUpdate();
      parts.setString(1, db);
      parts.setString(2, table);
      parts.executeUpdate();
    }
  }

  /** The recorded table definitions, read back through the DDL parser. */
  @Override
  public List<DorisTable> loadTables() throws SQLException {
    List<DorisTable> tables = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT db, ddl FROM `" + metaDb + "`.`tables`")) {
      while (r.next()) {
        DorisDdl.Statement st = DorisDdl.parse(r.getString(2), r.getString(1));
        tables.add(((DorisDdl.CreateTable) st).table());
      }
    }
    return tables;
  }

  @Override
  public List<Transaction> loadTransactions() throws SQLException {
    List<Transaction> txns = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT txn_id, db, tbl, label, two_phase, status, reason, prepare_time, finish_time, loaded_rows"
                    + " FROM `"
                    + metaDb
                    + "`.`transactions` ORDER BY txn_id")) {
      while (r.next()) {
        Transaction t =
            new Transaction(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getBoolean(5),
                r.getLong(8),
                Transaction.Status.valueOf(r.getString(6)));
        t.restore(r.getString(7), r.getLong(9), r.getLong(10));
        txns.add(t);
      }
    }
    return txns;
  }

  @Override
  public void saveTransaction(Transaction t) throws SQLException {
    try (Connection c = connect()) {
      saveTransaction(c, t);
    }
  }

  private void saveTransaction(Connection c, Transaction t) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO `"
                + metaDb
                + "`.`transactions`"
                + " (txn_id, db, tbl, label, two_phase, status, reason, prepare_time, finish_time, loaded_rows)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status), reason = VALUES(reason),"
                + " finish_time = VALUES(finish_time), loaded_rows = VALUES(loaded_rows)")) {
      p.setLong(1, t.id());
      p.setString(2, t.database());
      p.setString(3, t.table());
      p.setString(4, t.label());
      p.setBoolean(5, t.twoPhase());
      p.setString(6, t.status().name());
      p.setString(7, t.reason());
      p.setLong(8, t.prepareTime());
      p.setLong(9, t.finishTime());
      p.setLong(10, t.loadedRows());
      p.executeUpdate();
    }
  }

  /**
   * Makes a transaction's rows visible: upserts by the Unique Key (respecting the sequence column
   * if the table has one), deletes rows marked with the delete sign, records the partitions the
   * rows created and the transaction as VISIBLE, all in one MariaDB transaction.
   */
  @Override
  public void publish(
      DorisTable t, List<LoadedRow> rows, Transaction txn, List<FormalPartition> created)
      throws SQLException {
    String table = q(t.database()) + "." + q(t.name());
    List<DorisColumn> cols = t.columns();
    String names = cols.stream().map(c -> q(c.name())).collect(Collectors.joining(", "));
    String marks = cols.stream().map(c -> "?").collect(Collectors.joining(", "));
    String seq = t.sequenceColumn();
    List<String> updates = new ArrayList<>();
    for (DorisColumn c : cols) {
      if (t.isKey(c.name()) || (seq != null && c.name().equalsIgnoreCase(seq))) {
        continue;
      }
      updates.add(
          seq == null
              ? q(c.name()) + " = VALUES(" + q(c.name()) + ")"
              // Doris: a row replaces the stored one only if its sequence value is not smaller.
              : q(c.name())
                  + " = IF(VALUES("
                  + q(seq)
                  + ") >= "
                  + q(seq)
                  + ", VALUES("
                  + q(c.name())
                  + "), "
                  + q(c.name())
                  + ")");
    }
    if (seq != null) {
      // Assigned last: MariaDB evaluates assignments left to right, the others compare the old
      // value.
      updates.add(q(seq) + " = GREATEST(" + q(seq) + ", VALUES(" + q(seq) + "))");
    }
    String upsert =
        "INSERT INTO "
            + table
            + " ("
            + names
            + ") VALUES ("
            + marks
            + ")"
            + (updates.isEmpty()
                ? " ON DUPLICATE KEY UPDATE "
                    + q(t.keyColumns().get(0))
                    + " = "
                    + q(t.keyColumns().get(0))
                : " ON DUPLICATE KEY UPDATE " + String.join(", ", updates));
    String where =
        t.keyColumns().stream().map(k -> q(k) + " = ?").collect(Collectors.joining(" AND "));
    String delete =
        "DELETE FROM "
            + table
            + " WHERE "
            + where
            + (seq == null ? "" : " AND " + q(seq) + " <= ?");
    int[] keyIndex = t.keyColumns().stream().mapToInt(k -> indexOf(cols, k)).toArray();
    int seqIndex = seq == null ? -1 : indexOf(cols, seq);

    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement up = c.prepareStatement(upsert);
          PreparedStatement del = c.prepareStatement(delete)) {
        // Row order matters (the last row for a key wins), so runs of upserts are batched and a
        // delete flushes the batch before it.
        int pending = 0;
        for (LoadedRow row : rows) {
          if (row.delete()) {
            if (pending > 0) {
              up.executeBatch();
              pending = 0;
            }
            for (int i = 0; i < keyIndex.length; i++) {
              bind(del, i + 1, row.values()[keyIndex[i]]);
            }
            if (seqIndex >= 0) {
              bind(del, keyIndex.length + 1, row.values()[seqIndex]);
            }
            del.executeUpdate();
          } else {
            for (int i = 0; i < cols.size(); i++) {
              bind(up, i + 1, row.values()[i]);
            }
            up.addBatch();
            if (++pending >= 1000) {
              up.executeBatch();
              pending = 0;
            }
          }
        }
        if (pending > 0) {
          up.executeBatch();
        }
        insertPartitions(c, t, created);
        saveTransaction(c, txn);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static int indexOf(List<DorisColumn> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  private static void bind(PreparedStatement p, int index, Object value) throws SQLException {
    if (value == null) {
      p.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      p.setLong(index, l);
    } else if (value instanceof Double d) {
      p.setDouble(index, d);
    } else if (value instanceof Boolean b) {
      p.setBoolean(index, b);
    } else if (value instanceof BigDecimal d) {
      p.setBigDecimal(index, d);
    } else if (value instanceof Timestamp ts) {
      p.setTimestamp(index, ts);
    } else {
      p.setString(index, value.toString());
    }
  }

  static String q(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
