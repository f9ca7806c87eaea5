/**
 * A guard around Prisma's driver adapters (6.19): a transaction whose
 * COMMIT (or ROLLBACK) statement fails is still ended.
 *
 * Prisma closes an interactive transaction by running COMMIT and only then
 * telling the adapter the transaction is over. When COMMIT itself fails (the
 * disk filled up while SQLite wrote its log, the PostgreSQL connection died,
 * a deferred constraint) that second step never comes:
 * - better-sqlite3 keeps its one connection's transaction lock, and every
 *   later transaction of the process waits for it forever;
 * - node-postgres never gets the connection back, and the pool shrinks by
 *   one each time until no transaction can start.
 * Here a failed COMMIT is followed by ROLLBACK (SQLite may keep the
 * transaction open after a failed COMMIT) and the adapter's own rollback(),
 * which releases the lock or the connection; the error still reaches the
 * caller, who sees a failed write, and nothing of it is kept.
 *
 * No "server-only": the tests wrap adapters of their own with it.
 */

interface Statement {
  sql: string;
}

interface EndableTransaction {
  executeRaw(query: Statement): Promise<number>;
  rollback(): Promise<void>;
}

interface TransactionalAdapter {
  startTransaction(...args: never[]): Promise<EndableTransaction>;
}

interface AdapterFactory {
  connect(): Promise<TransactionalAdapter>;
}

const ENDING_STATEMENTS = new Set(["COMMIT", "ROLLBACK"]);

function endedEvenIfEndingFails<T extends EndableTransaction>(tx: T): T {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query: Statement) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!ENDING_STATEMENTS.has(query.sql.trim().toUpperCase())) throw error;
      if (query.sql.trim().toUpperCase() === "COMMIT") {
        await executeRaw({ ...query, sql: "ROLLBACK" }).catch(() => undefined);
      }
      await tx.rollback().catch(() => undefined);
      throw error;
    }
  };
  return tx;
}

/** The factory, with every transaction of every adapter it connects ended even when its last statement fails. */
export function withEndedTransactions<F extends AdapterFactory>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: never[]) => endedEvenIfEndingFails(await startTransaction(...args));
    return adapter;
  };
  return factory;
}
