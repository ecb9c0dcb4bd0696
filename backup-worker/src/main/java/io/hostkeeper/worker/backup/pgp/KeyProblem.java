package io.hostkeeper.worker.backup.pgp;

/** A key file a user gave cannot be used; the message says which file or key and what to do. */
public final class KeyProblem extends Exception {
  public KeyProblem(String message) {
    super(message, null, false, false);
  }
}
