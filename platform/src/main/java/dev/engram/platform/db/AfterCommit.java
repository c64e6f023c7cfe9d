package dev.engram.platform.db;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must follow a transaction's commit, and must not happen if it rolls back. */
public final class AfterCommit {
  private AfterCommit() {}

  /** Runs {@code action} once the current JTA transaction has committed (never if it rolls back). */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
    transactions.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {
      }

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          action.run();
        }
      }
    });
  }
}
