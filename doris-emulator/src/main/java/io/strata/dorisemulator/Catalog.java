package io.strata.dorisemulator;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The emulated FE's catalog: databases and Unique Key tables, persisted through {@link MariaDbStore}. */
public final class Catalog {

  /** A DDL statement failed the way Doris would refuse it (unknown database, table exists, ...). */
  public static final class DdlError extends Exception {
    public DdlError(String message) {
      super(message);
    }
  }

  private final EmulatorStore store;
  private final Map<String, Map<String, DorisTable>> tables = new HashMap<>();

  public Catalog(EmulatorStore store) {
    this.store = store;
  }

  public synchronized void load() throws SQLException {
    for (DorisTable t : store.loadTables()) {
      tables.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.name(), t);
    }
  }

  public synchronized DorisTable table(String db, String name) {
    return tables.getOrDefault(db, Map.of()).get(name);
  }

  /** Runs one DDL statement. */
  public synchronized void execute(DorisDdl.Statement statement) throws DdlError, SQLException {
    if (statement instanceof DorisDdl.CreateDatabase cd) {
      MariaDbStore.checkDatabaseName(cd.database());
      if (!cd.ifNotExists() && store.databaseExists(cd.database())) {
        throw new DdlError("errCode = 2, detailMessage = Can't create database '" + cd.database() + "'; database exists");
      }
      store.createDatabase(cd.database());
    } else if (statement instanceof DorisDdl.CreateTable ct) {
      DorisTable t = ct.table();
      if (!store.databaseExists(t.database())) {
        throw new DdlError("errCode = 2, detailMessage = Unknown database '" + t.database() + "'");
      }
      if (table(t.database(), t.name()) != null) {
        if (ct.ifNotExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Table '" + t.name() + "' already exists");
      }
      store.createTable(t);
      tables.computeIfAbsent(t.database(), d -> new HashMap<>()).put(t.name(), t);
    } else if (statement instanceof DorisDdl.DropTable dt) {
      if (table(dt.database(), dt.table()) == null) {
        if (dt.ifExists()) {
          return;
        }
        throw new DdlError("errCode = 2, detailMessage = Unknown table '" + dt.table() + "'");
      }
      store.dropTable(dt.database(), dt.table());
      tables.getOrDefault(dt.database(), new HashMap<>()).remove(dt.table());
    }
  }
}
